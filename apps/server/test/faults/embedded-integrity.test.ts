import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, lstatSync, mkdtempSync, readdirSync, renameSync, rmSync, truncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PgliteDatabase } from '../../src/db/pglite-database.js';
import { randomUnitVector, seededRandom } from '../support/embeddings.js';
import { freePort, ServerProcess } from '../support/server-process.js';

/** Every path under `dir` with its size and modification time: proof that nothing was written. */
function snapshot(dir: string): string[] {
  const entries: string[] = [];
  const visit = (full: string) => {
    const stat = lstatSync(full);
    entries.push(`${path.relative(dir, full)} ${String(stat.size)} ${String(stat.mtimeMs)}`);
    if (stat.isDirectory()) for (const name of readdirSync(full).sort()) visit(path.join(full, name));
  };
  visit(dir);
  return entries;
}

/**
 * The real server process on the embedded database. A DATA_DIR that held people is copied (server stopped)
 * and damaged the ways an operator or a disk can damage it; the server must refuse to start, name the
 * problem and the directory, and leave every file as it was. Then the documented backup brings people back.
 */
describe('embedded database integrity at startup', () => {
  const adminKey = `sa_integrity_${randomBytes(16).toString('hex')}`;
  let work: string;
  let pristine: string;
  let backup: string;
  let port: number;
  let personFile: string;

  const serverOn = (dataDir: string) =>
    new ServerProcess(port, { DATA_DIR: dataDir, API_KEY: adminKey, EMBEDDING_DIM: '512' });

  const peopleCount = async (server: ServerProcess) => {
    const response = await fetch(`${server.baseUrl}/v1/people?limit=1`, {
      headers: { 'x-api-key': adminKey },
    });
    expect(response.status).toBe(200);
    return ((await response.json()) as { total: number }).total;
  };

  /** A copy of the pristine DATA_DIR, damaged by `damage`. */
  const damagedCopy = (name: string, damage: (dataDir: string) => void) => {
    const dataDir = path.join(work, name);
    cpSync(pristine, dataDir, { recursive: true });
    damage(dataDir);
    return dataDir;
  };

  const expectRefusal = async (dataDir: string, problem: RegExp) => {
    const before = snapshot(dataDir);
    const server = serverOn(dataDir);
    const failure = await server.start(60_000).then(
      () => null,
      (error: unknown) => (error as Error).message,
    );
    await server.stop();
    expect(failure, 'the server started').not.toBeNull();
    expect(failure).toMatch(/server exited with 1/);
    expect(failure).toContain('refusing to start');
    expect(failure).toContain(path.join(dataDir, 'pglite'));
    expect(failure).toMatch(problem);
    expect(failure).toContain('Restore the last backup');
    expect(snapshot(dataDir)).toEqual(before);
  };

  beforeAll(async () => {
    work = mkdtempSync(path.join(tmpdir(), 'attendance-integrity-'));
    pristine = path.join(work, 'pristine');
    port = await freePort();
    const server = serverOn(pristine);
    await server.start();
    const random = seededRandom(27);
    for (const name of ['Ada', 'Grace', 'Linus']) {
      const created = await fetch(`${server.baseUrl}/v1/people`, {
        method: 'POST',
        headers: { 'x-api-key': adminKey, 'content-type': 'application/json' },
        body: JSON.stringify({
          name,
          templates: { model: 'default-512', embeddings: [randomUnitVector(512, random)] },
        }),
      });
      expect(created.status).toBe(201);
    }
    expect(await peopleCount(server)).toBe(3);
    await server.stop();
    // The documented backup of a stopped server (docs/operations.md).
    backup = path.join(work, 'backup.tar.gz');
    execFileSync('tar', ['-C', pristine, '-czf', backup, 'pglite', 'database-marker.json']);
    // Where the person table lives, read on a scratch copy (opening it writes to it).
    const scratch = path.join(work, 'scratch');
    cpSync(pristine, scratch, { recursive: true });
    const db = await PgliteDatabase.open(path.join(scratch, 'pglite'));
    const { rows } = await db.query<{ file: string }>("SELECT pg_relation_filepath('person') AS file");
    await db.close();
    personFile = rows[0]?.file ?? '';
    expect(personFile).toMatch(/^base\/\d+\/\d+$/);
  }, 180_000);

  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('starts again on the intact copy with its people', async () => {
    const dataDir = damagedCopy('intact', () => undefined);
    const server = serverOn(dataDir);
    await server.start();
    expect(await peopleCount(server)).toBe(3);
    await server.stop();
  });

  it('refuses a data dir whose PG_VERSION was removed, and creates no new database over it', async () => {
    const dataDir = damagedCopy('no-pg-version', (dir) => rmSync(path.join(dir, 'pglite', 'PG_VERSION')));
    await expectRefusal(dataDir, /PG_VERSION is missing/);
  });

  it('refuses a data dir whose person table file was truncated', async () => {
    const dataDir = damagedCopy('person-truncated', (dir) =>
      truncateSync(path.join(dir, 'pglite', personFile), 0),
    );
    await expectRefusal(dataDir, /the file of table person \(3 rows\), is empty/);
  });

  it('refuses a data dir whose pg_control was truncated, with a readable message', async () => {
    const dataDir = damagedCopy('pg-control-truncated', (dir) =>
      truncateSync(path.join(dir, 'pglite', 'global', 'pg_control'), 100),
    );
    await expectRefusal(dataDir, /pg_control is 100 bytes instead of 8192/);
  });

  it('refuses a data dir whose database directory is gone', async () => {
    const dataDir = damagedCopy('pglite-gone', (dir) =>
      rmSync(path.join(dir, 'pglite'), { recursive: true }),
    );
    await expectRefusal(dataDir, /is missing or empty, but .* held a database before/);
  });

  it('refuses rows that vanished without a recorded erasure (found by the SQL check after opening)', async () => {
    const dataDir = damagedCopy('rows-vanished', () => undefined);
    const db = await PgliteDatabase.open(path.join(dataDir, 'pglite'));
    await db.query('DELETE FROM person');
    await db.close();
    const server = serverOn(dataDir);
    const failure = await server.start(60_000).then(
      () => null,
      (error: unknown) => (error as Error).message,
    );
    await server.stop();
    expect(failure).toMatch(/rows are gone without a recorded erasure .*person 3 → 0/);
    expect(failure).not.toContain('migrations applied');
  });

  it('starts after a recorded erase-all, even when killed before it could refresh its marker', async () => {
    const dataDir = damagedCopy('erased', () => undefined);
    const server = serverOn(dataDir);
    await server.start();
    const list = await fetch(`${server.baseUrl}/v1/people?limit=10`, { headers: { 'x-api-key': adminKey } });
    for (const person of ((await list.json()) as { items: { id: string }[] }).items) {
      const erased = await fetch(`${server.baseUrl}/v1/people/${person.id}`, {
        method: 'DELETE',
        headers: { 'x-api-key': adminKey },
      });
      expect(erased.status).toBe(204);
    }
    await server.kill();
    await server.start();
    expect(await peopleCount(server)).toBe(0);
    await server.stop();
  });

  it('restores the documented backup: the people come back', async () => {
    const dataDir = damagedCopy('restored', (dir) => truncateSync(path.join(dir, 'pglite', personFile), 0));
    const aside = path.join(work, 'damaged-aside');
    renameSync(path.join(dataDir, 'pglite'), `${aside}-pglite`);
    renameSync(path.join(dataDir, 'database-marker.json'), `${aside}-marker.json`);
    execFileSync('tar', ['-C', dataDir, '-xzf', backup]);
    const server = serverOn(dataDir);
    await server.start();
    expect(await peopleCount(server)).toBe(3);
    await server.stop();
  });
});
