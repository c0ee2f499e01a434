/**
 * @module Test-only preload for a server child process started with `--expose-gc`: on SIGUSR2 it runs a
 * full GC and writes `process.memoryUsage()` to `${tmpdir}/server-memory-<pid>.json`, so a load test can
 * compare the server's memory before and after without adding a route to the server.
 */
import { renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

process.on('SIGUSR2', () => {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  gc?.(); // a second pass collects what the first one's finalizers released
  const file = path.join(tmpdir(), `server-memory-${String(process.pid)}.json`);
  writeFileSync(`${file}.tmp`, JSON.stringify(process.memoryUsage()));
  renameSync(`${file}.tmp`, file); // the reader never sees a half-written file
});
