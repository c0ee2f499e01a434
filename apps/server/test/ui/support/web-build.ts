import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
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

function isFresh(): boolean {
  const builtPage = path.join(WEB_DIST, 'kiosk', 'index.html');
  const built = existsSync(path.join(WEB_DIST, 'index.html')) && existsSync(builtPage);
  return built && statSync(builtPage).mtimeMs >= newestSourceMtime(path.join(WEB_ROOT, 'src'));
}

const LOCK = path.join(tmpdir(), 'attendance-web-build.lock');
const LOCK_STALE_MS = 300_000;

/**
 * `.ci/run` builds the web app before the tests (`npm run build:web`); a local run rebuilds it when the
 * build is missing or older than its sources, so a browser test never runs against a stale page. Test
 * files run in parallel processes: a directory lock makes sure only one of them builds at a time.
 */
export async function ensureWebBuild(): Promise<void> {
  for (;;) {
    if (isFresh()) return;
    try {
      mkdirSync(LOCK);
    } catch {
      const lockedAt = statSync(LOCK, { throwIfNoEntry: false })?.mtimeMs ?? Date.now();
      if (Date.now() - lockedAt > LOCK_STALE_MS) rmSync(LOCK, { force: true, recursive: true });
      await sleep(500);
      continue;
    }
    try {
      if (!isFresh()) {
        execFileSync('npm', ['run', 'build', '-w', '@attendance/web'], {
          stdio: 'inherit',
          timeout: 240_000,
        });
      }
      return;
    } finally {
      rmSync(LOCK, { force: true, recursive: true });
    }
  }
}
