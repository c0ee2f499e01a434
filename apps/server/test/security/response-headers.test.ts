import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { concreteUrl, routeCatalog } from './support/route-catalog.js';

const EVIL = 'https://evil.example';

function expectSecurityHeaders(response: Response, where: string) {
  expect(response.headers.get('x-content-type-options'), where).toBe('nosniff');
  expect(response.headers.get('referrer-policy'), where).toBe('no-referrer');
  expect(response.headers.get('x-frame-options'), where).toBe('DENY');
  expect(response.headers.get('content-security-policy') ?? '', where).toContain("frame-ancestors 'none'");
}

function expectNoCors(response: Response, where: string) {
  expect(response.headers.get('access-control-allow-origin'), where).toBeNull();
  expect(response.headers.get('access-control-allow-credentials'), where).toBeNull();
}

/** Over real HTTP: the headers a browser sees on every kind of response, and never a CORS grant. */
describe('security headers and CORS', () => {
  let server: TestServer;
  let base: string;
  let urls: { method: string; url: string }[];

  beforeAll(async () => {
    server = await startTestServer({ driver: 'pglite', listen: true });
    base = server.baseUrl ?? '';
    const routes = await routeCatalog(server.app);
    urls = [
      ...routes.map((route) => ({ method: route.method, url: concreteUrl(route) })),
      { method: 'GET', url: '/docs' },
      { method: 'GET', url: '/docs/json' },
      { method: 'GET', url: '/ui/' },
      { method: 'GET', url: '/kiosk' },
      { method: 'GET', url: '/no/such/route' },
    ];
  }, 120_000);
  afterAll(async () => {
    await server?.close();
  });

  const call = (method: string, url: string, headers: Record<string, string>) =>
    fetch(`${base}${url}`, {
      method,
      headers,
      redirect: 'manual',
      ...(['POST', 'PUT', 'PATCH'].includes(method) ? { body: '{}' } : {}),
    });

  it('every route answers with nosniff, no-referrer, DENY framing and a CSP — with and without a key, on errors too', async () => {
    for (const { method, url } of urls) {
      for (const headers of [
        {} as Record<string, string>,
        { 'x-api-key': server.adminKey, 'content-type': 'application/json', origin: EVIL },
      ]) {
        const response = await call(method, url, headers);
        const where = `${method} ${url} → ${response.status}`;
        expectSecurityHeaders(response, where);
        expectNoCors(response, where);
        await response.arrayBuffer();
      }
    }
  });

  it('API responses forbid everything in their CSP; /docs keeps a page CSP without the https upgrade', async () => {
    const api = await call('GET', '/v1/people', { 'x-api-key': server.adminKey });
    expect(api.headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'");
    const docs = await call('GET', '/docs/static/index.html', {});
    const csp = docs.headers.get('content-security-policy') ?? '';
    expect(csp).toContain('script-src');
    expect(csp).not.toContain('upgrade-insecure-requests');
    expect(docs.headers.get('strict-transport-security')).toBeNull();
  });

  it('answers CORS preflights from any origin without granting anything', async () => {
    for (const { method, url } of urls) {
      const response = await call('OPTIONS', url, {
        origin: EVIL,
        'access-control-request-method': method,
        'access-control-request-headers': 'x-api-key, content-type',
      });
      const where = `OPTIONS ${url} → ${response.status}`;
      expectNoCors(response, where);
      expect(response.headers.get('access-control-allow-methods'), where).toBeNull();
      expect(response.headers.get('access-control-allow-headers'), where).toBeNull();
      expect(response.status, where).toBeGreaterThanOrEqual(400);
      await response.arrayBuffer();
    }
  });
});

describe('security headers with REMOTE_DASHBOARD=true', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ driver: 'pglite', env: { REMOTE_DASHBOARD: 'true' } });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('adds HSTS to every response (the deployment serves HTTPS through its reverse proxy)', async () => {
    for (const url of ['/health', '/v1/people', '/ui/api/session', '/nope']) {
      const response = await server.app.inject({ method: 'GET', url });
      expect(response.headers['strict-transport-security'], url).toBe('max-age=31536000');
    }
  });
});
