import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSocket } from '../relay/support/ws-clients.js';
import { createApiKey } from '../support/api-keys.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

/** Session login, CSRF, Origin, local-only and security headers of the dashboard, over real HTTP. */
describe('dashboard access', () => {
  let server: TestServer;
  let base: string;
  let viewerKey: string;

  beforeAll(async () => {
    server = await startTestServer({
      driver: 'pglite',
      listen: true,
      // The SCRFD-500M + faceplugin files are what this test names (not the default pack's).
      env: { MODELS_DIR: '../shared/models', MODEL_PACK: 'faceplugin-512' },
    });
    base = server.baseUrl ?? '';
    viewerKey = (await createApiKey(server, 'viewer')).key;
  });
  afterAll(async () => {
    await server?.close();
  });

  const login = async (key: string) => {
    const response = await fetch(`${base}/ui/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: base },
      body: JSON.stringify({ api_key: key }),
    });
    const cookie = response.headers.get('set-cookie') ?? '';
    const body = (await response.json()) as { csrf_token?: string; scopes?: string[] };
    return { response, cookie: cookie.split(';')[0] ?? '', setCookie: cookie, body };
  };

  it('signs in with an API key into an HttpOnly SameSite=Strict session; bad keys get 401', async () => {
    const { response, setCookie, body } = await login(server.adminKey);
    expect(response.status).toBe(200);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Strict/);
    expect(setCookie).not.toContain(server.adminKey);
    expect(body.scopes).toEqual(['admin']);
    const bad = await login('sa_not_a_real_key_0000000000');
    expect(bad.response.status).toBe(401);
    expect(bad.body).toMatchObject({ error: { code: 'unauthorized' } });
  });

  it('refuses a login posted from another site', async () => {
    const response = await fetch(`${base}/ui/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'https://evil.example' },
      body: JSON.stringify({ api_key: server.adminKey }),
    });
    expect(response.status).toBe(403);
  });

  it('lets the session read, but mutate only with its CSRF token and a matching Origin', async () => {
    const { cookie, body } = await login(server.adminKey);
    const read = await fetch(`${base}/v1/people`, { headers: { cookie } });
    expect(read.status).toBe(200);
    const create = (headers: Record<string, string>) =>
      fetch(`${base}/v1/people`, {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ name: 'Csrf Test' }),
      });
    expect((await create({ origin: base })).status).toBe(403);
    expect((await create({ origin: base, 'x-csrf-token': 'wrong' })).status).toBe(403);
    expect(
      (await create({ origin: 'https://evil.example', 'x-csrf-token': body.csrf_token ?? '' })).status,
    ).toBe(403);
    const created = await create({ origin: base, 'x-csrf-token': body.csrf_token ?? '' });
    expect(created.status).toBe(201);
    const loggedOut = await fetch(`${base}/ui/api/session`, {
      method: 'DELETE',
      headers: { cookie, origin: base, 'x-csrf-token': body.csrf_token ?? '' },
    });
    expect(loggedOut.status).toBe(204);
    expect((await fetch(`${base}/v1/people`, { headers: { cookie } })).status).toBe(401);
  });

  it('opens the live socket with the session cookie only from an allowed Origin', async () => {
    const { cookie } = await login(viewerKey);
    const wsUrl = `${base.replace('http', 'ws')}/v1/live/view?camera_id=all`;
    const socket = await openSocket(wsUrl, { cookie, origin: base });
    socket.close();
    await expect(openSocket(wsUrl, { cookie, origin: 'https://evil.example' })).rejects.toThrow('HTTP 403');
    await expect(openSocket(wsUrl, { cookie })).rejects.toThrow('HTTP 403');
    await expect(openSocket(wsUrl, { cookie: 'sa_session=forged', origin: base })).rejects.toThrow(
      'HTTP 401',
    );
  });

  it('ends the session when its key is revoked', async () => {
    const { id, key } = await createApiKey(server, 'viewer', 'short-lived');
    const { cookie } = await login(key);
    expect((await fetch(`${base}/ui/api/session`, { headers: { cookie } })).status).toBe(200);
    await server.app.inject({
      method: 'POST',
      url: `/v1/api-keys/${id}/revoke`,
      headers: { 'x-api-key': server.adminKey },
    });
    expect((await fetch(`${base}/ui/api/session`, { headers: { cookie } })).status).toBe(401);
    expect((await fetch(`${base}/v1/people`, { headers: { cookie } })).status).toBe(401);
  });

  it('keeps scopes: a viewer session cannot create people', async () => {
    const { cookie, body } = await login(viewerKey);
    const response = await fetch(`${base}/v1/people`, {
      method: 'POST',
      headers: {
        cookie,
        origin: base,
        'x-csrf-token': body.csrf_token ?? '',
        'content-type': 'application/json',
      },
      body: JSON.stringify({ name: 'Nope' }),
    });
    expect(response.status).toBe(403);
  });

  it('is local-only: a foreign or malformed Host header or any forwarding header is refused', async () => {
    const rebinding = await server.app.inject({
      method: 'GET',
      url: '/ui/',
      headers: { host: 'attacker.example:8000' },
      remoteAddress: '127.0.0.1',
    });
    expect(rebinding.statusCode).toBe(403);
    const proxied = await fetch(`${base}/ui/api/session`, { headers: { 'x-forwarded-for': '203.0.113.9' } });
    expect(proxied.status).toBe(403);
    for (const headers of [
      { 'x-real-ip': '203.0.113.9' },
      { 'x-forwarded-host': 'attendance.example' },
    ] as Record<string, string>[]) {
      expect((await fetch(`${base}/ui/`, { headers })).status).toBe(403);
    }
    const evilPort = await server.app.inject({
      method: 'GET',
      url: '/ui/',
      headers: { host: 'localhost:evil' },
      remoteAddress: '127.0.0.1',
    });
    expect(evilPort.statusCode).toBe(403);
    const remote = await server.app.inject({
      method: 'GET',
      url: '/ui/api/session',
      headers: { host: 'localhost' },
      remoteAddress: '192.0.2.10',
    });
    expect(remote.statusCode).toBe(403);
    expect(remote.json()).toMatchObject({ error: { code: 'forbidden' } });
  });

  it('sends security headers without third-party origins on dashboard responses', async () => {
    const response = await fetch(`${base}/ui/api/session`);
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toMatch(/https?:\/\//);
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('serves only the configured browser models, and only to a signed-in caller', async () => {
    const { cookie } = await login(viewerKey);
    expect((await fetch(`${base}/ui/api/models/det_500m.onnx`)).status).toBe(401);
    const model = await fetch(`${base}/ui/api/models/det_500m.onnx`, { headers: { cookie } });
    expect(model.status).toBe(200);
    expect((await model.arrayBuffer()).byteLength).toBe(2_524_817);
    expect((await fetch(`${base}/ui/api/models/det_2.5g.onnx`, { headers: { cookie } })).status).toBe(404);
    expect((await fetch(`${base}/ui/api/models/..%2fREADME.md`, { headers: { cookie } })).status).toBe(404);
  });
});

describe('dashboard access with REMOTE_DASHBOARD=true', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ driver: 'pglite', env: { REMOTE_DASHBOARD: 'true' } });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('lets another machine sign in, with a Secure cookie, and still demands CSRF', async () => {
    const remote = { host: 'attendance.example', origin: 'http://attendance.example' };
    const login = await server.app.inject({
      method: 'POST',
      url: '/ui/api/session',
      headers: remote,
      remoteAddress: '192.0.2.10',
      payload: { api_key: server.adminKey },
    });
    expect(login.statusCode).toBe(200);
    const setCookie = String(login.headers['set-cookie']);
    expect(setCookie).toMatch(/; Secure/);
    const cookie = setCookie.split(';')[0] ?? '';
    const read = await server.app.inject({
      method: 'GET',
      url: '/v1/people',
      headers: { ...remote, cookie },
      remoteAddress: '192.0.2.10',
    });
    expect(read.statusCode).toBe(200);
    const write = await server.app.inject({
      method: 'POST',
      url: '/v1/people',
      headers: { ...remote, cookie },
      remoteAddress: '192.0.2.10',
      payload: { name: 'No Token' },
    });
    expect(write.statusCode).toBe(403);
  });
});
