import { chmodSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, ServerProcess } from '../support/server-process.js';

/** Every directory and file under `dir` (itself included) whose mode lets group or others in. */
function looseEntries(dir: string): string[] {
  const loose: string[] = [];
  const visit = (full: string) => {
    const stat = lstatSync(full);
    if (stat.isSymbolicLink()) return;
    if ((stat.mode & 0o077) !== 0) {
      loose.push(`${path.relative(dir, full) || '.'} ${(stat.mode & 0o777).toString(8)}`);
    }
    if (stat.isDirectory()) for (const name of readdirSync(full)) visit(path.join(full, name));
  };
  visit(dir);
  return loose;
}

function countEntries(dir: string): { files: number; dirs: number } {
  let files = 0;
  let dirs = 0;
  const visit = (full: string) => {
    const stat = lstatSync(full);
    if (stat.isDirectory()) {
      dirs++;
      for (const name of readdirSync(full)) visit(path.join(full, name));
    } else files++;
  };
  visit(dir);
  return { files, dirs };
}

/**
 * The real server process on the embedded database, started on a DATA_DIR left open to other users (0755,
 * a 0644 log from before, a 0666 stray file): after startup, and after a clean stop, every directory under
 * DATA_DIR is 0700 and every file 0600 (PGlite files, logs, the generated admin key), with one warning.
 */
describe('DATA_DIR permissions', () => {
  let dataDir: string;
  let server: ServerProcess;

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'attendance-perms-'));
    chmodSync(dataDir, 0o755);
    mkdirSync(path.join(dataDir, 'logs'), { mode: 0o755 });
    writeFileSync(path.join(dataDir, 'logs', 'old.log'), '{}\n', { mode: 0o644 });
    writeFileSync(path.join(dataDir, 'notes.txt'), 'x', { mode: 0o666 });
    chmodSync(path.join(dataDir, 'notes.txt'), 0o666);
    server = new ServerProcess(await freePort(), {
      DATA_DIR: dataDir,
      LOG_FILE: 'true',
      LOG_LEVEL: 'info',
      EMBEDDING_DIM: '512',
    });
    await server.start();
  }, 120_000);

  afterAll(async () => {
    await server?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('tightens a loose DATA_DIR at startup and says so once', () => {
    expect(looseEntries(dataDir)).toEqual([]);
    const warnings = server.logs.split('\n').filter((line) => line.includes('open to other local users'));
    expect(warnings).toHaveLength(1);
    expect(JSON.parse(warnings[0] ?? '{}')).toMatchObject({ level: 40, tightened: 4 });
  });

  it('keeps the database, logs and generated admin key private, also after a clean stop', async () => {
    const before = countEntries(dataDir);
    expect(before.files).toBeGreaterThan(100); // PGlite's cluster: catalog, pg_xact, WAL, …
    expect(readdirSync(dataDir).sort()).toEqual(expect.arrayContaining(['admin-api-key', 'logs', 'pglite']));
    await server.stop();
    expect(looseEntries(dataDir)).toEqual([]);
  });
});
