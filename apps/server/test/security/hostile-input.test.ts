import { ERROR_CODES } from '@attendance/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../support/api-keys.js';
import { allTableRowCounts } from '../support/row-counts.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { HOSTILE_CASES, type CaseContext, type HostileRequest } from './support/hostile-cases.js';
import { routeCatalog, type RouteSpec } from './support/route-catalog.js';

/** Limits off: this file sends thousands of requests with one key on purpose (rate limits have their own test). */
const NO_RATE_LIMITS = {
  RATE_LIMIT_EDGE_PER_MINUTE: '0',
  RATE_LIMIT_KEY_PER_MINUTE: '0',
  RATE_LIMIT_IP_PER_MINUTE: '0',
};

/**
 * Every named kind of hostile input against every JSON route of the server's own route table: each request
 * is refused with a 4xx and a protocol error code, no table changes, and the server stays healthy.
 */
describe.each(['postgres', 'pglite'] as const)('hostile input, every route (%s)', (driver) => {
  let server: TestServer;
  let routes: RouteSpec[];
  let context: CaseContext;
  let keys: Record<'edge' | 'viewer', string>;

  beforeAll(async () => {
    server = await startTestServer({ driver, env: NO_RATE_LIMITS });
    routes = await routeCatalog(server.app);
    const person = await server.app.inject({
      method: 'POST',
      url: '/v1/people',
      headers: { 'x-api-key': server.adminKey },
      payload: { name: 'Existing Person' },
    });
    expect(person.statusCode, person.body).toBe(201);
    keys = {
      edge: (await createApiKey(server, 'edge')).key,
      viewer: (await createApiKey(server, 'viewer')).key,
    };
    context = {
      bodyLimitBytes: server.config.bodyLimitBytes,
      personId: person.json<{ id: string }>().id,
      model: server.config.defaultModel,
    };
  }, 120_000);
  afterAll(async () => {
    await server?.close();
  });

  it('finds the JSON routes and at least 50 kinds of bad input that apply to them', () => {
    expect(routes.map((r) => r.key)).toEqual(
      expect.arrayContaining(['POST /v1/identify', 'POST /v1/people', 'GET /v1/attendance']),
    );
    const applicable = HOSTILE_CASES.filter((c) => routes.some((r) => c.requests(r, context).length > 0));
    expect(applicable.length).toBeGreaterThanOrEqual(50);
    expect(new Set(HOSTILE_CASES.map((c) => c.name)).size).toBe(HOSTILE_CASES.length);
  });

  const send = (request: HostileRequest) => {
    const headers: Record<string, string | string[]> = {
      ...(request.withoutAdminKey ? {} : { 'x-api-key': server.adminKey }),
      ...request.headers,
    };
    const payload =
      request.payload === undefined || typeof request.payload === 'string' || Buffer.isBuffer(request.payload)
        ? request.payload
        : JSON.stringify(request.payload);
    return server.app.inject({
      method: request.method as 'GET',
      url: request.url,
      headers,
      ...(payload === undefined ? {} : { payload }),
    });
  };

  it.each(HOSTILE_CASES.map((c) => [c.name, c] as const))('%s', async (_name, hostile) => {
    const before = await allTableRowCounts(server.db);
    let sent = 0;
    for (const route of routes) {
      for (const request of hostile.requests(route, context)) {
        sent++;
        const response = await send(request);
        const where = `${request.method} ${request.url.slice(0, 120)} → ${response.statusCode} ${response.body.slice(0, 300)}`;
        expect(response.statusCode, where).toBeGreaterThanOrEqual(400);
        expect(response.statusCode, where).toBeLessThan(500);
        const body = response.json<{ error?: { code?: string } }>();
        expect(ERROR_CODES, where).toContain(body.error?.code);
      }
    }
    expect(await allTableRowCounts(server.db)).toEqual(before);
    expect((await server.app.inject({ method: 'GET', url: '/health/ready' })).statusCode).toBe(200);
    // Every case reaches some route; a case that sends nothing would be counted without testing anything.
    expect(sent).toBeGreaterThan(0);
  });

  it('the server still serves well-formed requests of every scope afterwards', async () => {
    const identify = await server.app.inject({
      method: 'POST',
      url: '/v1/identify',
      headers: { 'x-api-key': keys.edge },
      payload: {
        camera_id: 'cam-after',
        model: context.model.id,
        faces: [{ embedding: Array.from({ length: context.model.dim }, (_, i) => (i === 0 ? 1 : 0)) }],
      },
    });
    expect(identify.statusCode, identify.body).toBe(200);
    const people = await server.app.inject({
      method: 'GET',
      url: '/v1/people',
      headers: { 'x-api-key': keys.viewer },
    });
    expect(people.statusCode).toBe(200);
    expect(people.json<{ items: { name: string }[] }>().items.map((p) => p.name)).toEqual([
      'Existing Person',
    ]);
  });
});
