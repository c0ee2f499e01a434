import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import pino from 'pino';
import { loadConfig, type Config } from '../../src/config.js';
import type { Database } from '../../src/db/database.js';
import { PgliteDatabase } from '../../src/db/pglite-database.js';
import { PostgresDatabase } from '../../src/db/postgres-database.js';
import { createServer } from '../../src/server.js';

export type TestDriver = 'pglite' | 'postgres';

export const TEST_DATABASE_URL =
  process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestServer {
  app: FastifyInstance;
  /** Set when `listen: true`: `http://127.0.0.1:<port>`. */
  baseUrl?: string;
  adminKey: string;
  db: Database;
  config: Config;
  close(): Promise<void>;
}

export interface TestDatabase {
  db: Database;
  /** Connection string of the fresh database (postgres only). */
  url?: string;
  drop(): Promise<void>;
}

/**
 * A fresh, empty database: in-memory PGlite, or a uniquely named PostgreSQL database created on
 * TEST_DATABASE_URL and dropped by `drop()`. Fails (never skips) when PostgreSQL is unreachable.
 */
export async function createTestDatabase(driver: TestDriver): Promise<TestDatabase> {
  if (driver === 'pglite') {
    const db = await PgliteDatabase.open();
    return { db, drop: () => db.close() };
  }
  const name = `attendance_test_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = `/${name}`;
  const db = new PostgresDatabase(url.toString(), { poolSize: 12 });
  return {
    db,
    url: url.toString(),
    async drop() {
      await db.close();
      const dropper = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await dropper.connect();
      try {
        await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await dropper.end();
      }
    },
  };
}

/**
 * Starts the full server (migrations, cooldown store, services, app) on a fresh database with a known
 * admin key. `env` overrides configuration variables (e.g. `{ COOLDOWN_SECONDS: '60' }`).
 */
export async function startTestServer(options: {
  driver: TestDriver;
  env?: Record<string, string>;
  listen?: boolean;
  /** What the server gets instead of the fresh database (e.g. a wrapper that records statements). */
  wrapDatabase?: (db: Database) => Database;
}): Promise<TestServer> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'attendance-test-'));
  const testDb = await createTestDatabase(options.driver);
  try {
    const config = loadConfig({
      API_KEY: `sa_test_admin_${randomBytes(16).toString('hex')}`,
      DATA_DIR: dataDir,
      LOG_LEVEL: 'silent',
      LOG_FILE: 'false',
      ...(testDb.url ? { DATABASE_URL: testDb.url } : {}),
      ...options.env,
    });
    const db = options.wrapDatabase ? options.wrapDatabase(testDb.db) : testDb.db;
    const server = await createServer(config, { db, logger: pino({ level: 'silent' }) });
    let baseUrl: string | undefined;
    if (options.listen) {
      await server.app.listen({ host: '127.0.0.1', port: 0 });
      const address = server.app.server.address();
      if (address && typeof address === 'object') baseUrl = `http://127.0.0.1:${address.port}`;
    }
    return {
      app: server.app,
      ...(baseUrl ? { baseUrl } : {}),
      adminKey: server.adminKey,
      db: testDb.db,
      config,
      async close() {
        await server.close();
        await testDb.drop();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await testDb.drop().catch(() => undefined);
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
}

/** Enrolls one person with `embeddings` of `model` through `POST /v1/people` (admin key); returns its id. */
export async function enrollPerson(
  server: Pick<TestServer, 'app' | 'adminKey'>,
  name: string,
  embeddings: number[][],
  model = 'default-512',
): Promise<string> {
  const response = await server.app.inject({
    method: 'POST',
    url: '/v1/people',
    headers: { 'x-api-key': server.adminKey },
    payload: { name, templates: { model, embeddings } },
  });
  if (response.statusCode !== 201) throw new Error(`enroll ${name}: ${response.statusCode} ${response.body}`);
  return response.json<{ id: string }>().id;
}

/** One face through `POST /v1/identify` (admin key); answers the raw response. */
export function identifyFace(
  server: Pick<TestServer, 'app' | 'adminKey'>,
  embedding: number[],
  options: { cameraId?: string; idempotencyKey?: string; model?: string; capturedAt?: Date } = {},
) {
  const { cameraId = 'door-1', idempotencyKey, model = 'default-512', capturedAt } = options;
  return server.app.inject({
    method: 'POST',
    url: '/v1/identify',
    headers: { 'x-api-key': server.adminKey },
    payload: {
      camera_id: cameraId,
      model,
      ...(idempotencyKey ? { idempotency_key: idempotencyKey } : {}),
      ...(capturedAt ? { captured_at: capturedAt.toISOString() } : {}),
      faces: [{ embedding }],
    },
  });
}
