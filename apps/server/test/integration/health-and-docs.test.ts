import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { PgliteDatabase } from '../../src/db/pglite-database.js';
import { createServer } from '../../src/server.js';
import { createApiKey } from '../support/api-keys.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

describe.each(['pglite', 'postgres'] as const)('health and docs (%s)', (driver) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ driver });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('liveness, compat health and db health need no key', async () => {
    expect((await server.app.inject({ method: 'GET', url: '/health' })).json()).toEqual({ status: 'ok' });
    expect((await server.app.inject({ method: 'GET', url: '/health/' })).json()).toEqual({
      status: 'ok',
      service: 'Face Attendance API',
    });
    expect((await server.app.inject({ method: 'GET', url: '/health/db' })).json()).toEqual({
      status: 'up',
      database: 'connected',
    });
  });

  it('readiness reports database, cache, migrations and version', async () => {
    const ready = await server.app.inject({ method: 'GET', url: '/health/ready' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toMatchObject({
      status: 'ok',
      database: { status: 'up', driver },
      cache: { backend: 'memory', status: 'up' },
      migrations: { pending: 0 },
      version: expect.stringMatching(/^\d+\.\d+\.\d+/) as string,
    });
  });

  it('readiness shows the cache backend state openly and its full reason only to a viewer or admin key', async () => {
    const open = await server.app.inject({ method: 'GET', url: '/health/ready' });
    expect(open.json<{ cache: { reason: string } }>().cache.reason).toBe('memory up');
    const edge = (await createApiKey(server, 'edge')).key;
    const viewer = (await createApiKey(server, 'viewer')).key;
    const reasonFor = async (key: string) =>
      (await server.app.inject({ method: 'GET', url: '/health/ready', headers: { 'x-api-key': key } })).json<{
        cache: { reason: string };
      }>().cache.reason;
    expect(await reasonFor(edge)).toBe('memory up');
    expect(await reasonFor(`${viewer}x`)).toBe('memory up');
    const full = await reasonFor(viewer);
    expect(full).not.toBe('memory up');
    expect(await reasonFor(server.adminKey)).toBe(full);
  });

  it('serves OpenAPI JSON with every v1 route and the UI', async () => {
    const spec = await server.app.inject({ method: 'GET', url: '/docs/json' });
    const paths = Object.keys(spec.json<{ paths: Record<string, unknown> }>().paths);
    expect(paths).toEqual(
      expect.arrayContaining([
        '/v1/identify',
        '/v1/people',
        '/v1/people/{id}/templates',
        '/v1/attendance',
        '/attendance/identify',
      ]),
    );
    const ui = await server.app.inject({ method: 'GET', url: '/docs/' });
    expect(ui.statusCode).toBe(200);
    expect(ui.headers['content-type']).toContain('text/html');
  });

  it('unknown routes answer 404 route_not_found in the error envelope', async () => {
    const response = await server.app.inject({ method: 'GET', url: '/nope' });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ error: { code: 'route_not_found' } });
  });
});

describe('health when the database is gone', () => {
  it('/health/db and /health/ready answer 503 without error details', async () => {
    const server = await startTestServer({ driver: 'pglite' });
    await server.db.close();
    const db = await server.app.inject({ method: 'GET', url: '/health/db' });
    expect(db.statusCode).toBe(503);
    expect(db.json()).toEqual({ status: 'down', database: 'unavailable' });
    const ready = await server.app.inject({ method: 'GET', url: '/health/ready' });
    expect(ready.statusCode).toBe(503);
    expect(ready.json()).toMatchObject({ status: 'down', database: { status: 'down' } });
    await server.close();
  });
});

describe('unexpected failures', () => {
  it('answer 500 internal with a request id and no details', async () => {
    const server = await startTestServer({ driver: 'pglite' });
    try {
      const headers = { 'x-api-key': server.adminKey };
      expect((await server.app.inject({ method: 'GET', url: '/v1/people', headers })).statusCode).toBe(200);
      await server.db.query('ALTER TABLE person RENAME TO person_gone');
      const response = await server.app.inject({ method: 'GET', url: '/v1/people', headers });
      expect(response.statusCode).toBe(500);
      const body = response.json<{ error: { code: string; message: string; request_id: string } }>();
      expect(body.error).toEqual({
        code: 'internal',
        message: 'Internal Server Error',
        request_id: body.error.request_id,
      });
      expect(response.body).not.toMatch(/person|relation|SELECT/i);
    } finally {
      await server.close();
    }
  });
});

describe('zero-setup admin key', () => {
  let dataDir: string;
  beforeAll(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'attendance-adminkey-'));
  });
  afterAll(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('without API_KEY generates one admin key into DATA_DIR/admin-api-key (0600) and reuses it', async () => {
    const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent' });
    const db = await PgliteDatabase.open();
    try {
      const first = await createServer(config, { db, logger: pino({ level: 'silent' }) });
      const file = path.join(dataDir, 'admin-api-key');
      expect(readFileSync(file, 'utf8').trim()).toBe(first.adminKey);
      expect(statSync(file).mode & 0o777).toBe(0o600);
      const ok = await first.app.inject({
        method: 'GET',
        url: '/v1/api-keys',
        headers: { 'x-api-key': first.adminKey },
      });
      expect(ok.statusCode).toBe(200);
      await first.close();
      const second = await createServer(config, { db, logger: pino({ level: 'silent' }) });
      expect(second.adminKey).toBe(first.adminKey);
      const keys = await db.query('SELECT 1 FROM api_key');
      expect(keys.rows).toHaveLength(1);
      await second.close();
    } finally {
      await db.close();
    }
  });
});
