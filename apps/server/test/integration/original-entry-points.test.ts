import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createServer, type Server } from '../../src/server.js';
import { captureLogger } from '../support/capture-logger.js';
import {
  createTestDatabase,
  startTestServer,
  type TestDatabase,
  type TestServer,
} from '../support/test-server.js';

describe('GET / points a user of the original to the dashboard and the docs', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ driver: 'pglite' });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('answers JSON with the paths, without a key', async () => {
    const response = await server.app.inject({ method: 'GET', url: '/' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ dashboard: '/ui/', docs: '/docs', health: '/health/live' });
    expect(response.json<{ version: string }>().version).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('sends a browser on to the dashboard', async () => {
    const response = await server.app.inject({
      method: 'GET',
      url: '/',
      headers: { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' },
    });
    expect(response.statusCode).toBe(302);
    expect(response.headers.location).toBe('/ui/');
  });
});

describe("DATABASE_URL in the original's postgresql+asyncpg:// form", () => {
  let database: TestDatabase;
  let server: Server;
  let dataDir: string;
  const capture = captureLogger();

  beforeAll(async () => {
    database = await createTestDatabase('postgres');
    dataDir = mkdtempSync(path.join(tmpdir(), 'attendance-asyncpg-'));
    const url = new URL(database.url ?? '');
    url.password = 'not-logged-secret';
    const asyncpgUrl = url.toString().replace(/^postgres(ql)?:/, 'postgresql+asyncpg:');
    const config = loadConfig({ DATABASE_URL: asyncpgUrl, DATA_DIR: dataDir, LOG_FILE: 'false' });
    expect(config.databaseUrl?.startsWith('postgresql://')).toBe(true);
    // The server opens its own connection from the URL (no injected database).
    server = await createServer(config, { logger: capture.logger });
  }, 120_000);
  afterAll(async () => {
    await server?.close();
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('connects to PostgreSQL and says once that it read the URL as postgresql://', async () => {
    const health = await server.app.inject({ method: 'GET', url: '/health/db' });
    expect(health.json()).toEqual({ status: 'up', database: 'connected' });
    const notices = capture.lines().filter((line) => line.msg.includes('postgresql+asyncpg://'));
    expect(notices).toHaveLength(1);
    expect(notices[0]?.level).toBe(40);
    expect(notices[0]?.msg).toContain('read as postgresql://');
    expect(capture.text()).not.toContain('not-logged-secret');
  });
});
