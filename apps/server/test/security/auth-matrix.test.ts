import { createHash } from 'node:crypto';
import { API_KEY_SCOPES, type ApiKeyScope } from '@attendance/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAllowed, requiredScope, ROUTE_SCOPES } from '../../src/routes/route-scopes.js';
import { createApiKey } from '../support/api-keys.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

const SAMPLE_ID = '00000000-0000-4000-8000-000000000000';
const NO_RATE_LIMITS = {
  RATE_LIMIT_EDGE_PER_MINUTE: '0',
  RATE_LIMIT_KEY_PER_MINUTE: '0',
  RATE_LIMIT_IP_PER_MINUTE: '0',
};

/** Swagger UI and the built dashboard's files are static; everything else is in the matrix. */
const isStatic = (route: string) => / \/docs/.test(route) || route === 'GET /ui/*';

/**
 * The auth matrix, generated from the routes the server actually registered (not from a hand-written
 * list): every route × {no key, invalid key, expired key, revoked key, each scope} → the expected status.
 * A route added without a scope decision is admin-only (deny by default) and shows up here at once.
 */
describe.each(['postgres', 'pglite'] as const)('auth matrix over the registered routes (%s)', (driver) => {
  let server: TestServer;
  let routes: string[];
  const keys = {} as Record<ApiKeyScope | 'expired' | 'revoked', string>;

  beforeAll(async () => {
    server = await startTestServer({ driver, env: NO_RATE_LIMITS });
    await server.app.ready();
    routes = [...new Set(server.app.registeredRoutes)].filter((r) => !isStatic(r)).sort();
    for (const scope of API_KEY_SCOPES) keys[scope] = (await createApiKey(server, scope)).key;
    const createExpiring = (expiresAt: number) =>
      server.app.inject({
        method: 'POST',
        url: '/v1/api-keys',
        headers: { 'x-api-key': server.adminKey },
        payload: { name: 'expired', scopes: ['admin'], expires_at: new Date(expiresAt).toISOString() },
      });
    // A key that would be expired at creation is refused; one that expires shortly after is used expired.
    const alreadyExpired = await createExpiring(Date.now() - 1000);
    expect(alreadyExpired.statusCode).toBe(400);
    expect(alreadyExpired.json<{ error: { code: string } }>().error.code).toBe('validation_failed');
    const expiresAt = Date.now() + 1000;
    const expiring = await createExpiring(expiresAt);
    expect(expiring.statusCode, expiring.body).toBe(201);
    keys.expired = expiring.json<{ key: string }>().key;
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, expiresAt - Date.now()) + 50));
    const revoked = await createApiKey(server, 'admin', 'revoked');
    // Used once (so it sits in the verified-key cache), then revoked: it must stop working at once.
    expect((await request('GET /v1/people', revoked.key)).statusCode).toBe(200);
    await server.app.inject({
      method: 'POST',
      url: `/v1/api-keys/${revoked.id}/revoke`,
      headers: { 'x-api-key': server.adminKey },
    });
    keys.revoked = revoked.key;
  }, 120_000);
  afterAll(async () => {
    await server?.close();
  });

  function request(route: string, key: string | undefined) {
    const [method = 'GET', pattern = '/'] = route.split(' ');
    const url = pattern.replace(/:[A-Za-z_]+/g, SAMPLE_ID);
    const body = ['POST', 'PUT', 'PATCH'].includes(method);
    return server.app.inject({
      method: method as 'GET',
      url,
      headers: {
        ...(key === undefined ? {} : { 'x-api-key': key }),
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      ...(body ? { payload: '{}' } : {}),
    });
  }

  it('every registered route has a scope decision, and every table entry is a registered route', () => {
    expect(routes.length).toBeGreaterThan(20);
    const table = Object.keys(ROUTE_SCOPES);
    for (const route of routes) expect(table, `${route} has no entry in route-scopes.ts`).toContain(route);
    const registered = new Set(server.app.registeredRoutes);
    for (const entry of table) {
      expect(registered.has(entry), `${entry} is in route-scopes.ts but not registered`).toBe(true);
    }
  });

  it('protected routes: no key, an invalid, an expired or a revoked key → 401 unauthorized', async () => {
    const refusals = [
      undefined,
      'sa_invalid_key_000000000000',
      () => keys.expired,
      () => keys.revoked,
    ] as const;
    let checked = 0;
    for (const route of routes) {
      const [method = '', pattern = ''] = route.split(' ');
      if (requiredScope(method, pattern) === 'open') continue;
      for (const refusal of refusals) {
        const key = typeof refusal === 'function' ? refusal() : refusal;
        const response = await request(route, key);
        expect(response.statusCode, `${route} with ${String(key).slice(0, 12)}`).toBe(401);
        expect(response.json()).toMatchObject({ error: { code: 'unauthorized' } });
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(60);
  });

  it.each(API_KEY_SCOPES)(
    'protected routes with a %s key: allowed scopes pass auth, others get 403 forbidden',
    async (scope) => {
      for (const route of routes) {
        const [method = '', pattern = ''] = route.split(' ');
        const required = requiredScope(method, pattern);
        if (required === 'open') continue;
        const response = await request(route, keys[scope]);
        const where = `${route} with a ${scope} key → ${response.statusCode} ${response.body.slice(0, 200)}`;
        if (isAllowed([scope], required)) {
          expect([401, 403], where).not.toContain(response.statusCode);
          expect(response.statusCode, where).toBeLessThan(500);
        } else {
          expect(response.statusCode, where).toBe(403);
          expect(response.json<{ error: { code: string } }>().error.code, where).toBe('forbidden');
        }
      }
    },
  );

  it('open routes ignore X-API-Key entirely (a wrong key neither helps nor is probed)', async () => {
    for (const route of routes) {
      const [method = '', pattern = ''] = route.split(' ');
      if (requiredScope(method, pattern) !== 'open') continue;
      const without = await request(route, undefined);
      const wrong = await request(route, 'sa_invalid_key_000000000000');
      expect(wrong.statusCode, route).toBe(without.statusCode);
      expect(without.statusCode, route).toBeLessThan(500);
    }
  });

  it('keys: created with the secret shown once, listed without secrets, stored as sha256 only', async () => {
    const created = await createApiKey(server, 'viewer', 'listing check');
    const list = await server.app.inject({
      method: 'GET',
      url: '/v1/api-keys',
      headers: { 'x-api-key': server.adminKey },
    });
    expect(list.statusCode).toBe(200);
    for (const secret of [created.key, server.adminKey, ...Object.values(keys)]) {
      expect(list.body).not.toContain(secret);
      expect(list.body).not.toContain(secret.slice(12));
    }
    const stored = await server.db.query<{ key_hash: string }>('SELECT key_hash FROM api_key WHERE id = $1', [
      created.id,
    ]);
    expect(stored.rows[0]?.key_hash).toBe(createHash('sha256').update(created.key).digest('hex'));
    const rows = await server.db.query<{ row: string }>(
      'SELECT row_to_json(api_key)::text AS row FROM api_key',
    );
    const table = rows.rows.map((r) => r.row).join('\n');
    for (const secret of [created.key, server.adminKey, ...Object.values(keys)]) {
      expect(table).not.toContain(secret.slice(8));
    }
  });
});
