import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { createServer, type Server } from '../../src/server.js';
import { createApiKey } from '../support/api-keys.js';
import { randomUnitVector } from '../support/embeddings.js';
import { createTestDatabase, type TestDatabase } from '../support/test-server.js';

interface LogLine {
  msg: string;
  reqId?: string;
  req?: { url?: string; method?: string };
  res?: { statusCode?: number };
  responseTime?: number;
}

/** Structured logs: every line written while a request is handled carries that request's id. */
describe('request ids in the logs', () => {
  let testDb: TestDatabase;
  let server: Server;
  const dataDir = mkdtempSync(path.join(tmpdir(), 'attendance-reqid-'));
  const chunks: string[] = [];
  const lines = () =>
    chunks
      .join('')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as LogLine);

  beforeAll(async () => {
    testDb = await createTestDatabase('postgres');
    const config = loadConfig({
      DATABASE_URL: testDb.url ?? '',
      DATA_DIR: dataDir,
      API_KEY: 'sa_request_id_test_admin_key',
      LOG_LEVEL: 'debug',
      LOG_FILE: 'false',
    });
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        chunks.push(chunk.toString('utf8'));
        done();
      },
    });
    server = await createServer(config, { db: testDb.db, logger: createLogger(config, sink) });
  });
  afterAll(async () => {
    await server?.close();
    await testDb?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('tags lines of the framework, of services (root logger) and of rejections with the request id', async () => {
    const edge = await createApiKey(server, 'edge');
    const face = randomUnitVector(512);
    const created = await server.app.inject({
      method: 'POST',
      url: '/v1/people',
      headers: { 'x-api-key': server.adminKey },
      payload: { name: 'Logged Person', templates: { model: 'reqid-512', embeddings: [face] } },
    });
    expect(created.statusCode).toBe(201);
    const from = lines().length;

    const identify = await server.app.inject({
      method: 'POST',
      url: '/v1/identify',
      headers: { 'x-api-key': edge.key },
      payload: { camera_id: 'log-cam', model: 'reqid-512', faces: [{ embedding: face }] },
    });
    expect(identify.json()).toMatchObject({ results: [{ status: 'recorded' }] });
    const rejected = await server.app.inject({ method: 'GET', url: '/v1/people' });
    expect(rejected.statusCode).toBe(401);
    const missing = await server.app.inject({ method: 'GET', url: '/v1/nothing-here', headers: {} });
    expect(missing.statusCode).toBe(404);
    await new Promise((resolve) => setTimeout(resolve, 100));

    const traffic = lines().slice(from);
    expect(traffic.length).toBeGreaterThanOrEqual(5);
    expect(traffic.filter((line) => typeof line.reqId !== 'string')).toEqual([]);
    // The recorder logs through the root logger, deep inside the identify request: same id as its request.
    const identifyId = traffic.find((line) => line.req?.url === '/v1/identify')?.reqId;
    expect(identifyId).toBeDefined();
    expect(traffic.find((line) => line.msg === 'attendance recorded')?.reqId).toBe(identifyId);
    expect(new Set(traffic.map((line) => line.reqId)).size).toBe(3);
    // One access line per request, with what an operator reads off it; Fastify's own pair is off.
    const access = traffic.filter((line) => line.msg === 'request completed');
    expect(access.map((line) => [line.req?.method, line.req?.url, line.res?.statusCode])).toEqual([
      ['POST', '/v1/identify', 200],
      ['GET', '/v1/people', 401],
      ['GET', '/v1/nothing-here', 404],
    ]);
    expect(access.every((line) => typeof line.responseTime === 'number')).toBe(true);
    expect(traffic.filter((line) => line.msg === 'incoming request')).toEqual([]);
    // One key per line, never two (Fastify's request logger already binds reqId).
    for (const raw of chunks.join('').split('\n').filter(Boolean).slice(from)) {
      expect(raw.match(/"reqId"/g)).toHaveLength(1);
    }
  });
});
