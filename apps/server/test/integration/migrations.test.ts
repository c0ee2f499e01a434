import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import type { Database } from '../../src/db/database.js';
import { MIGRATIONS } from '../../src/db/migrations/index.js';
import { migrateDown, migrateUp, migrationStatus } from '../../src/db/migrator.js';
import { PostgresDatabase } from '../../src/db/postgres-database.js';
import { createServer } from '../../src/server.js';
import { createTestDatabase, type TestDatabase } from '../support/test-server.js';

const TABLES = ['person', 'recognition_model', 'face_template', 'camera', 'attendance_event', 'api_key'];
const SERVER_ROOT = path.resolve(import.meta.dirname, '../..');

async function existingTables(db: Database): Promise<string[]> {
  const { rows } = await db.query<{ name: string }>(
    `SELECT table_name AS name FROM information_schema.tables
     WHERE table_schema = 'public' AND table_name = ANY($1::text[]) ORDER BY table_name`,
    [TABLES],
  );
  return rows.map((row) => row.name);
}

describe('migrations on an empty PostgreSQL database', () => {
  let testDb: TestDatabase | undefined;
  const dirs: string[] = [];
  afterEach(async () => {
    await testDb?.drop();
    testDb = undefined;
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  const configFor = (url: string) => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'attendance-migrate-'));
    dirs.push(dataDir);
    return loadConfig({
      DATABASE_URL: url,
      DATA_DIR: dataDir,
      API_KEY: 'sa_migration_test_admin_key',
      LOG_LEVEL: 'silent',
    });
  };

  it('two servers starting together on an empty database both come up; migrations apply exactly once', async () => {
    testDb = await createTestDatabase('postgres');
    const url = testDb.url ?? '';
    expect(await existingTables(testDb.db)).toEqual([]);
    const logger = pino({ level: 'silent' });
    const [a, b] = await Promise.all([
      createServer(configFor(url), { db: new PostgresDatabase(url), logger }),
      createServer(configFor(url), { db: new PostgresDatabase(url), logger }),
    ]);
    try {
      expect(await existingTables(testDb.db)).toEqual([...TABLES].sort());
      const { rows } = await testDb.db.query<{ id: string }>('SELECT id FROM schema_migrations ORDER BY id');
      expect(rows.map((r) => r.id)).toEqual(MIGRATIONS.map((m) => m.id));
      const ready = await a.app.inject({ method: 'GET', url: '/health/ready' });
      expect(ready.json()).toMatchObject({ migrations: { pending: 0, applied: MIGRATIONS.length } });
    } finally {
      await a.close();
      await b.close();
      await a.db.close();
      await b.db.close();
    }
  });

  it('down → up round-trips', async () => {
    testDb = await createTestDatabase('postgres');
    const db = testDb.db;
    expect(await migrateUp(db, MIGRATIONS)).toEqual(MIGRATIONS.map((m) => m.id));
    expect(await migrateUp(db, MIGRATIONS)).toEqual([]);
    await db.query("INSERT INTO person (name) VALUES ('kept?')");
    expect(await migrateDown(db, MIGRATIONS, MIGRATIONS.length)).toHaveLength(MIGRATIONS.length);
    expect(await existingTables(db)).toEqual([]);
    expect(await migrationStatus(db, MIGRATIONS)).toEqual({
      applied: [],
      pending: MIGRATIONS.map((m) => m.id),
    });
    await migrateUp(db, MIGRATIONS);
    expect(await existingTables(db)).toEqual([...TABLES].sort());
    const { rows } = await db.query('SELECT 1 FROM person');
    expect(rows).toEqual([]);
  });

  it('the CLI reports status, applies and reverts', async () => {
    testDb = await createTestDatabase('postgres');
    const dataDir = mkdtempSync(path.join(tmpdir(), 'attendance-cli-'));
    dirs.push(dataDir);
    const run = (...args: string[]) =>
      execFileSync(process.execPath, ['--import', 'tsx', 'src/cli/migrate.ts', ...args], {
        cwd: SERVER_ROOT,
        env: { ...process.env, DATABASE_URL: testDb?.url, DATA_DIR: dataDir, LOG_LEVEL: 'silent' },
        encoding: 'utf8',
      });
    expect(run('status')).toContain(`pending  ${MIGRATIONS[0]?.id ?? ''}`);
    expect(run('up')).toContain(MIGRATIONS[0]?.id);
    expect(run('status')).toContain(`applied  ${MIGRATIONS[0]?.id ?? ''}`);
    expect(run('down', String(MIGRATIONS.length))).toContain('reverted');
    expect(await existingTables(testDb.db)).toEqual([]);
    expect(() => run('sideways')).toThrow();
  });
});

describe('migrations on PGlite', () => {
  it('down → up round-trips', async () => {
    const testDb = await createTestDatabase('pglite');
    try {
      await migrateUp(testDb.db, MIGRATIONS);
      expect(await existingTables(testDb.db)).toEqual([...TABLES].sort());
      await migrateDown(testDb.db, MIGRATIONS, MIGRATIONS.length);
      expect(await existingTables(testDb.db)).toEqual([]);
      await migrateUp(testDb.db, MIGRATIONS);
      expect((await migrationStatus(testDb.db, MIGRATIONS)).pending).toEqual([]);
    } finally {
      await testDb.drop();
    }
  });
});
