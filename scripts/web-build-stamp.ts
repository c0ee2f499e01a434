/**
 * @module Whether the built web app (apps/web/dist) is current: a sha256 over the path and content of every
 * file the bundle is made from (the web app's sources and config, the workspace packages it imports, the
 * lockfile), written next to the build by the Vite config and compared before `npm start` builds again.
 * Content rather than modification times: a checkout or `touch` that changes nothing does not rebuild.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));

export const WEB_ROOT = path.join(REPO_ROOT, 'apps', 'web');
export const WEB_DIST = path.join(WEB_ROOT, 'dist');

/** Files and folders the dashboard and kiosk bundles are built from. */
export const WEB_BUILD_INPUTS: readonly string[] = [
  path.join(WEB_ROOT, 'src'),
  path.join(WEB_ROOT, 'vite.config.ts'),
  path.join(WEB_ROOT, 'package.json'),
  path.join(REPO_ROOT, 'packages', 'api-client', 'src'),
  path.join(REPO_ROOT, 'packages', 'protocol', 'src'),
  path.join(REPO_ROOT, 'packages', 'models', 'src'),
  path.join(REPO_ROOT, 'packages', 'vision', 'src'),
  path.join(REPO_ROOT, 'package-lock.json'),
  fileURLToPath(import.meta.url),
];

/** Where a build records the hash of the inputs it was made from (inside the output folder). */
export const stampFileOf = (dist: string): string => path.join(dist, '.source-hash');

/** Test files sit beside the sources but never reach the bundle. */
const isBuildInput = (file: string) => !/\.test\.ts$/.test(file);

function filesUnder(entry: string): string[] {
  if (!existsSync(entry)) return [];
  if (!statSync(entry).isDirectory()) return [entry];
  return readdirSync(entry, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((child) => filesUnder(path.join(entry, child.name)));
}

/** sha256 (hex) of the relative path and bytes of every input file, in a stable order. */
export function sourceHash(inputs: readonly string[], base = REPO_ROOT): string {
  const hash = createHash('sha256');
  for (const file of inputs.flatMap(filesUnder).filter(isBuildInput)) {
    hash.update(`${path.relative(base, file)}\0`);
    hash.update(readFileSync(file));
    hash.update('\0');
  }
  return hash.digest('hex');
}

export function writeStamp(dist: string, hash: string): void {
  writeFileSync(stampFileOf(dist), `${hash}\n`);
}

/** True when `dist` holds a build made from exactly these inputs. */
export function isBuildCurrent(dist: string, hash: string): boolean {
  const stamp = stampFileOf(dist);
  return existsSync(stamp) && readFileSync(stamp, 'utf8').trim() === hash;
}
