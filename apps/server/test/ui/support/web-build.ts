import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const WEB_ROOT = fileURLToPath(new URL('../../../../web/', import.meta.url));
export const WEB_DIST = path.join(WEB_ROOT, 'dist');

function newestSourceMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSourceMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

/**
 * `.ci/run` builds the web app before the tests (`npm run build:web`); a local run rebuilds it when the
 * build is missing or older than its sources, so a browser test never runs against a stale page.
 */
export function ensureWebBuild(): void {
  const builtPage = path.join(WEB_DIST, 'kiosk', 'index.html');
  const built = existsSync(path.join(WEB_DIST, 'index.html')) && existsSync(builtPage);
  if (built && statSync(builtPage).mtimeMs >= newestSourceMtime(path.join(WEB_ROOT, 'src'))) return;
  execFileSync('npm', ['run', 'build', '-w', '@attendance/web'], { stdio: 'inherit', timeout: 180_000 });
}
