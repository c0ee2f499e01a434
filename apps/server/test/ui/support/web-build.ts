import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const WEB_DIST = fileURLToPath(new URL('../../../../web/dist', import.meta.url));

/** `.ci/run` builds the web app before the tests (`npm run build:web`); a local run builds it once if missing. */
export function ensureWebBuild(): void {
  if (existsSync(`${WEB_DIST}/index.html`) && existsSync(`${WEB_DIST}/kiosk/index.html`)) return;
  execFileSync('npm', ['run', 'build', '-w', '@attendance/web'], { stdio: 'inherit', timeout: 180_000 });
}
