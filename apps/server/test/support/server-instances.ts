import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino, { type Logger } from 'pino';
import { afterAll, beforeAll } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { PostgresDatabase } from '../../src/db/postgres-database.js';
import { createServer, type Server } from '../../src/server.js';
import { createTestDatabase, type TestDatabase } from './test-server.js';

export interface ServerInstances {
  /** The admin key every instance is configured with. */
  adminKey: string;
  /** The shared database, for the test's own queries (after `beforeAll`). */
  database: () => TestDatabase['db'];
  /** One more instance on the shared database, with its own data directory. */
  start: () => Promise<Server>;
  /** An instance listening on a free loopback port, with its base URL (`http://127.0.0.1:<port>`). */
  startListening: () => Promise<{ server: Server; baseUrl: string }>;
}

/**
 * Server instances that share one fresh PostgreSQL database for the enclosing `describe` (several at once,
 * restarts): the database is created before its tests and every instance, data directory and the database
 * are removed after them. `env` adds configuration variables; `logger` defaults to a silent one.
 */
export function useServerInstances(
  env: Record<string, string>,
  logger: Logger = pino({ level: 'silent' }),
  poolSize = 4,
): ServerInstances {
  let testDb: TestDatabase | undefined;
  const adminKey = `sa_test_admin_${randomBytes(16).toString('hex')}`;
  const servers: Server[] = [];
  const pools: PostgresDatabase[] = [];
  const dataDirs: string[] = [];

  beforeAll(async () => {
    testDb = await createTestDatabase('postgres');
  }, 120_000);
  afterAll(async () => {
    for (const server of servers) await server.close().catch(() => undefined);
    // An injected database is not closed by the server.
    for (const pool of pools) await pool.close().catch(() => undefined);
    await testDb?.drop();
    for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
  });

  const start = async () => {
    const url = testDb?.url;
    if (!url) throw new Error('the database is created in beforeAll');
    const dataDir = mkdtempSync(path.join(tmpdir(), 'attendance-instance-'));
    dataDirs.push(dataDir);
    const config = loadConfig({
      DATABASE_URL: url,
      DATA_DIR: dataDir,
      API_KEY: adminKey,
      LOG_LEVEL: 'silent',
      LOG_FILE: 'false',
      ...env,
    });
    const db = new PostgresDatabase(url, { poolSize });
    pools.push(db);
    const server = await createServer(config, { db, logger });
    servers.push(server);
    return server;
  };

  return {
    adminKey,
    database: () => {
      if (!testDb) throw new Error('the database is created in beforeAll');
      return testDb.db;
    },
    start,
    async startListening() {
      const server = await start();
      await server.app.listen({ host: '127.0.0.1', port: 0 });
      const address = server.app.server.address();
      if (!address || typeof address === 'string') throw new Error('no port');
      return { server, baseUrl: `http://127.0.0.1:${address.port}` };
    },
  };
}
