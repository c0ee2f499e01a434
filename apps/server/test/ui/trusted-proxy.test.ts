import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/test-server.js';

/*
 * Behind the stack's HTTPS proxy the browser is on https://kiosk.lan:8443 while the server speaks plain HTTP:
 * only the proxy named in TRUST_PROXY may say so (X-Forwarded-Proto/Host), or a login from the kiosk page
 * fails the same-origin check. Real Fastify requests; inject sets the socket's peer address.
 */
describe.each(['pglite', 'postgres'] as const)('behind a trusted HTTPS proxy (%s)', (driver) => {
  const PROXY = '10.213.7.10';
  const PAGE = 'https://kiosk.lan:8443';
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({ driver, env: { TRUST_PROXY: PROXY, REMOTE_DASHBOARD: 'true' } });
  });
  afterAll(async () => {
    await server?.close();
  });

  const login = (remoteAddress: string, forwarded: Record<string, string>) =>
    server.app.inject({
      method: 'POST',
      url: '/ui/api/session',
      remoteAddress,
      headers: { host: 'kiosk.lan:8443', origin: PAGE, 'content-type': 'application/json', ...forwarded },
      payload: { api_key: server.adminKey },
    });

  const viaProxy = { 'x-forwarded-proto': 'https', 'x-forwarded-for': '192.0.2.40' };

  it('accepts the page origin https://… when the trusted proxy forwards the request', async () => {
    const response = await login(PROXY, viaProxy);
    expect(response.statusCode, response.body).toBe(200);
  });

  it('refuses the same headers from any other peer (they are the client speaking, not the proxy)', async () => {
    const response = await login('10.213.7.11', viaProxy);
    expect(response.statusCode).toBe(403);
  });

  it('refuses the trusted proxy too when it does not say the page was HTTPS', async () => {
    const response = await login(PROXY, { 'x-forwarded-for': '192.0.2.40' });
    expect(response.statusCode).toBe(403);
  });
});
