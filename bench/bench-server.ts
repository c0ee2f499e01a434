import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { loadConfig, type Config } from '../apps/server/src/config.js';
import { createServer } from '../apps/server/src/server.js';
import { createTestDatabase } from '../apps/server/test/support/test-server.js';

export interface BenchServer {
  server: Awaited<ReturnType<typeof createServer>>;
  config: Config;
  baseUrl: string;
  apiKey: string;
  /** Stops the server, drops its database and removes its data directory. */
  close: () => Promise<void>;
}

/**
 * A real server on 127.0.0.1 over a fresh PostgreSQL database of its own (TEST_DATABASE_URL), silent, with
 * an admin key; `env` adds or overrides settings.
 */
export async function startBenchServer(name: string, env: Record<string, string> = {}): Promise<BenchServer> {
  const testDb = await createTestDatabase('postgres');
  const dataDir = mkdtempSync(path.join(tmpdir(), `${name}-bench-`));
  const apiKey = 'sa_bench_admin_key_0123456789';
  const config = loadConfig({
    DATABASE_URL: testDb.url,
    DATA_DIR: dataDir,
    API_KEY: apiKey,
    LOG_LEVEL: 'silent',
    ...env,
  });
  const server = await createServer(config, { db: testDb.db, logger: pino({ level: 'silent' }) });
  await server.app.listen({ host: '127.0.0.1', port: 0 });
  const address = server.app.server.address();
  const baseUrl = `http://127.0.0.1:${String(address && typeof address === 'object' ? address.port : 0)}`;
  return {
    server,
    config,
    baseUrl,
    apiKey,
    close: async () => {
      await server.close();
      await testDb.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
