/**
 * @module Builds the web app (dashboard and kiosk) only when its inputs changed since the last build:
 * `npm start` runs this, and so do the browser tests. Parallel callers (test files run in separate
 * processes) take turns through a directory lock, so only one of them builds.
 *   npx tsx scripts/build-web-if-changed.ts
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { WEB_BUILD_INPUTS, WEB_DIST, isBuildCurrent, sourceHash } from './web-build-stamp.js';

const LOCK_STALE_MS = 300_000;

export interface EnsureBuildOptions {
  dist?: string;
  inputs?: readonly string[];
  /** Runs the build; it must write the stamp (the Vite config does). */
  build?: () => void;
  lock?: string;
}

const viteBuild = () => {
  execFileSync('npm', ['run', 'build', '--silent', '-w', '@attendance/web'], {
    stdio: 'inherit',
    timeout: 240_000,
  });
};

/** Builds unless the stamp in `dist` matches the inputs. Returns whether it built. */
export async function ensureWebBuild(options: EnsureBuildOptions = {}): Promise<'built' | 'current'> {
  const dist = options.dist ?? WEB_DIST;
  const inputs = options.inputs ?? WEB_BUILD_INPUTS;
  const lock = options.lock ?? path.join(tmpdir(), 'attendance-web-build.lock');
  const current = () => isBuildCurrent(dist, sourceHash(inputs));
  for (;;) {
    if (current()) return 'current';
    try {
      mkdirSync(lock);
    } catch {
      const lockedAt = statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now();
      if (Date.now() - lockedAt > LOCK_STALE_MS) rmSync(lock, { force: true, recursive: true });
      await sleep(500);
      continue;
    }
    try {
      if (current()) return 'current';
      (options.build ?? viteBuild)();
      return 'built';
    } finally {
      rmSync(lock, { force: true, recursive: true });
    }
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === import.meta.filename) {
  const outcome = await ensureWebBuild();
  if (outcome === 'current') console.log('web app: sources unchanged since the last build, not rebuilt');
}
