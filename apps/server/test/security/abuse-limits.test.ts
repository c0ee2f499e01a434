import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../support/api-keys.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { rawExchange, rawJsonBody } from './support/raw-http.js';

/** Small limits so the test reaches them quickly; the defaults are documented in .env.example. */
const LIMITS = {
  RATE_LIMIT_KEY_PER_MINUTE: '20',
  RATE_LIMIT_EDGE_PER_MINUTE: '30',
  RATE_LIMIT_IP_PER_MINUTE: '10',
  HTTP_HEADERS_TIMEOUT_MS: '1500',
  HTTP_REQUEST_TIMEOUT_MS: '3000',
  MAX_HEADER_BYTES: '4096',
  BODY_LIMIT_BYTES: '2048',
};

describe('abuse limits: rate limits, slow clients, oversized requests', () => {
  let server: TestServer;
  let port: number;
  let keys: Record<'edge' | 'viewer' | 'viewer2', string>;

  beforeAll(async () => {
    server = await startTestServer({ driver: 'pglite', env: LIMITS, listen: true });
    port = Number(new URL(server.baseUrl ?? '').port);
    keys = {
      edge: (await createApiKey(server, 'edge')).key,
      viewer: (await createApiKey(server, 'viewer')).key,
      viewer2: (await createApiKey(server, 'viewer', 'second viewer')).key,
    };
  }, 120_000);
  afterAll(async () => {
    await server?.close();
  });

  const get = (url: string, headers: Record<string, string> = {}, remoteAddress = '127.0.0.1') =>
    server.app.inject({ method: 'GET', url, headers, remoteAddress });

  const expectRateLimited = (response: Awaited<ReturnType<typeof get>>) => {
    expect(response.statusCode).toBe(429);
    expect(response.json()).toMatchObject({ error: { code: 'rate_limited' } });
    const retryAfter = Number(response.headers['retry-after']);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
  };

  it('limits each key on its own: the 21st request of a viewer key gets 429 + Retry-After, another key is unaffected', async () => {
    for (let i = 0; i < 20; i++) {
      expect((await get('/v1/people', { 'x-api-key': keys.viewer })).statusCode).toBe(200);
    }
    expectRateLimited(await get('/v1/people', { 'x-api-key': keys.viewer }));
    expect((await get('/v1/people', { 'x-api-key': keys.viewer2 })).statusCode).toBe(200);
  });

  it('gives edge keys their own, larger budget', async () => {
    for (let i = 0; i < 30; i++) {
      expect((await get('/v1/people', { 'x-api-key': keys.edge })).statusCode).toBe(403);
    }
    expectRateLimited(await get('/v1/people', { 'x-api-key': keys.edge }));
  });

  it('limits requests without a valid key per client IP, wrong keys included; keyed callers from that IP still pass', async () => {
    const flooder = '192.0.2.7';
    for (let i = 0; i < 5; i++) expect((await get('/docs/json', {}, flooder)).statusCode).toBe(200);
    for (let i = 0; i < 5; i++) {
      expect((await get('/v1/people', { 'x-api-key': `sa_guess_${i}_000000000` }, flooder)).statusCode).toBe(
        401,
      );
    }
    expectRateLimited(await get('/docs/json', {}, flooder));
    expectRateLimited(await get('/v1/people', { 'x-api-key': 'sa_guess_next_00000000' }, flooder));
    expect((await get('/docs/json', {}, '192.0.2.8')).statusCode).toBe(200);
    // Health probes are exempt: a load balancer behind the same address must keep seeing the truth.
    expect((await get('/health/ready', {}, flooder)).statusCode).toBe(200);
    expect((await get('/v1/people', { 'x-api-key': keys.viewer2 }, flooder)).statusCode).toBe(200);
  });

  it('closes a connection whose headers trickle in (slowloris) with 408 request_timeout', async () => {
    const trickle = ['GET /health HTTP/1.1\r\n', 'Host: 127.0.0.1\r\n'];
    for (let i = 0; i < 60; i++) trickle.push(`X-Slow-${i}: ${'z'.repeat(5)}\r\n`);
    const response = await rawExchange(port, trickle, { intervalMs: 250, deadlineMs: 20_000 });
    expect(response.closedByServer).toBe(true);
    expect(response.status).toBe(408);
    expect(rawJsonBody(response)).toMatchObject({ error: { code: 'request_timeout' } });
    expect(response.elapsedMs).toBeLessThan(15_000);
  });

  it('closes a connection whose body trickles in or never completes with 408', async () => {
    const head =
      `POST /v1/people HTTP/1.1\r\nHost: 127.0.0.1\r\nX-API-Key: ${server.adminKey}\r\n` +
      'Content-Type: application/json\r\nContent-Length: 200\r\n\r\n{"name": "';
    const trickled = await rawExchange(port, [head, ...Array.from({ length: 60 }, () => 'a')], {
      intervalMs: 200,
    });
    expect(trickled.status).toBe(408);
    expect(trickled.closedByServer).toBe(true);
    const truncated = await rawExchange(port, [head]);
    expect(truncated.status).toBe(408);
    expect(rawJsonBody(truncated)).toMatchObject({ error: { code: 'request_timeout' } });
    const people = await server.app.inject({
      method: 'GET',
      url: '/v1/people',
      headers: { 'x-api-key': keys.viewer2 },
    });
    expect(people.json<{ total: number }>().total).toBe(0);
  });

  it('answers oversized headers with 431 and malformed HTTP with 400, in the protocol error format', async () => {
    const huge = await rawExchange(port, [
      `GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: ${'b'.repeat(8 * 1024)}\r\n\r\n`,
    ]);
    expect(huge.status).toBe(431);
    expect(rawJsonBody(huge)).toMatchObject({ error: { code: 'headers_too_large' } });
    const garbage = await rawExchange(port, ['THIS IS NOT HTTP\r\n\r\n']);
    expect(garbage.status).toBe(400);
    expect(rawJsonBody(garbage)).toMatchObject({ error: { code: 'validation_failed' } });
    const badLength = await rawExchange(port, [
      'POST /v1/people HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: nope\r\n\r\n{}',
    ]);
    expect(badLength.status).toBe(400);
  });

  it('refuses a body over BODY_LIMIT_BYTES with 413 body_too_large, also when Content-Length announces it', async () => {
    const big = await server.app.inject({
      method: 'POST',
      url: '/v1/people',
      headers: { 'x-api-key': server.adminKey, 'content-type': 'application/json' },
      payload: JSON.stringify({ name: 'x'.repeat(4000) }),
    });
    expect(big.statusCode).toBe(413);
    expect(big.json()).toMatchObject({ error: { code: 'body_too_large' } });
    const announced = await rawExchange(port, [
      `POST /v1/people HTTP/1.1\r\nHost: 127.0.0.1\r\nX-API-Key: ${server.adminKey}\r\n` +
        'Content-Type: application/json\r\nContent-Length: 10000000\r\n\r\n{"name":',
    ]);
    expect(announced.status).toBe(413);
  });

  it('is still healthy after all of it', async () => {
    const response = await fetch(`${server.baseUrl}/health/ready`);
    expect(response.status).toBe(200);
  });
});
