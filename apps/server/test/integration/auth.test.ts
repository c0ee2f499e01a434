import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROUTE_SCOPES, requiredScope, type RouteKey } from '../../src/routes/route-scopes.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

const SAMPLE_ID = '00000000-0000-4000-8000-000000000000';

/** A concrete URL for a route pattern. */
const concrete = (route: RouteKey) => {
  const [method, pattern] = route.split(' ') as [string, string];
  return { method, url: pattern.replace(/:[A-Za-z]+/g, SAMPLE_ID) };
};

describe.each(['pglite', 'postgres'] as const)('auth (%s)', (driver) => {
  let server: TestServer;
  const keys: Record<'edge' | 'viewer' | 'admin', string> = { edge: '', viewer: '', admin: '' };

  beforeAll(async () => {
    server = await startTestServer({ driver });
    keys.admin = server.adminKey;
    for (const scope of ['edge', 'viewer'] as const) {
      const created = await server.app.inject({
        method: 'POST',
        url: '/v1/api-keys',
        headers: { 'x-api-key': server.adminKey },
        payload: { name: `${scope} key`, scopes: [scope] },
      });
      expect(created.statusCode, created.body).toBe(201);
      keys[scope] = created.json<{ key: string }>().key;
    }
  });
  afterAll(async () => {
    await server?.close();
  });

  it('every registered route is in the scope table (or under an open prefix) and vice versa', () => {
    const registered = server.app.registeredRoutes.filter((r) => !r.split(' ')[1]?.startsWith('/docs'));
    const table = Object.keys(ROUTE_SCOPES).filter((r) => !r.includes('/v1/live/'));
    expect([...new Set(registered)].sort()).toEqual(expect.arrayContaining(table.sort()));
    for (const route of registered) expect(Object.keys(ROUTE_SCOPES)).toContain(route);
  });

  const protectedRoutes = (Object.keys(ROUTE_SCOPES) as RouteKey[]).filter(
    (r) => ROUTE_SCOPES[r] !== 'open' && !r.includes('/v1/live/'),
  );

  it.each(protectedRoutes)('%s refuses a missing or wrong key with 401', async (route) => {
    const { method, url } = concrete(route);
    for (const headers of [{}, { 'x-api-key': 'sa_not-a-real-key-at-all' }, { 'x-api-key': '' }]) {
      const response = await server.app.inject({ method: method as 'GET', url, headers });
      expect(response.statusCode).toBe(401);
      expect(response.json()).toMatchObject({ error: { code: 'unauthorized' } });
    }
  });

  it.each(protectedRoutes)('%s enforces its scope (403 for keys without it)', async (route) => {
    const { method, url } = concrete(route);
    const required = ROUTE_SCOPES[route];
    for (const scope of ['edge', 'viewer'] as const) {
      const response = await server.app.inject({
        method: method as 'GET',
        url,
        headers: { 'x-api-key': keys[scope] },
      });
      if (scope === required) expect(response.statusCode).not.toBe(403);
      else expect(response.statusCode).toBe(403);
    }
    const admin = await server.app.inject({
      method: method as 'GET',
      url,
      headers: { 'x-api-key': keys.admin },
    });
    expect([401, 403]).not.toContain(admin.statusCode);
  });

  it('health and docs are open', async () => {
    for (const url of ['/health', '/health/', '/health/db', '/health/ready', '/docs/json', '/docs']) {
      const response = await server.app.inject({ method: 'GET', url });
      expect(response.statusCode, url).toBeLessThan(400);
    }
    expect(requiredScope('GET', '/docs/static/index.html')).toBe('open');
    expect(requiredScope('GET', '/v1/never-registered')).toBe('admin');
  });

  it('lists keys without secrets, stores only hashes, and refuses revoked and expired keys', async () => {
    const created = await server.app.inject({
      method: 'POST',
      url: '/v1/api-keys',
      headers: { 'x-api-key': keys.admin },
      payload: { name: 'temp', scopes: ['viewer'] },
    });
    const { id, key } = created.json<{ id: string; key: string }>();
    const list = await server.app.inject({
      method: 'GET',
      url: '/v1/api-keys',
      headers: { 'x-api-key': keys.admin },
    });
    expect(list.body).not.toContain(key);
    expect(list.body).not.toContain(keys.admin);
    const stored = await server.db.query<{ key_hash: string }>('SELECT key_hash FROM api_key WHERE id = $1', [
      id,
    ]);
    expect(stored.rows[0]?.key_hash).toBe(createHash('sha256').update(key).digest('hex'));
    const all = await server.db.query<{ row: string }>(
      'SELECT row_to_json(api_key)::text AS row FROM api_key',
    );
    expect(all.rows.map((r) => r.row).join()).not.toContain(key.slice(10));

    const ok = await server.app.inject({ method: 'GET', url: '/v1/people', headers: { 'x-api-key': key } });
    expect(ok.statusCode).toBe(200);
    const revoked = await server.app.inject({
      method: 'POST',
      url: `/v1/api-keys/${id}/revoke`,
      headers: { 'x-api-key': keys.admin },
    });
    expect(revoked.json()).toMatchObject({ id, revoked_at: expect.any(String) as string });
    const refused = await server.app.inject({
      method: 'GET',
      url: '/v1/people',
      headers: { 'x-api-key': key },
    });
    expect(refused.statusCode).toBe(401);

    const expiring = await server.app.inject({
      method: 'POST',
      url: '/v1/api-keys',
      headers: { 'x-api-key': keys.admin },
      payload: { name: 'expired', scopes: ['viewer'], expires_at: new Date(Date.now() - 1000).toISOString() },
    });
    const expired = await server.app.inject({
      method: 'GET',
      url: '/v1/people',
      headers: { 'x-api-key': expiring.json<{ key: string }>().key },
    });
    expect(expired.statusCode).toBe(401);
  });

  it('the edge scope may identify but not read people', async () => {
    const identify = await server.app.inject({
      method: 'POST',
      url: '/v1/identify',
      headers: { 'x-api-key': keys.edge },
      payload: { camera_id: 'cam', model: 'default-512', faces: [{ embedding: [1, 2, 3] }] },
    });
    expect(identify.statusCode).toBe(422);
    const people = await server.app.inject({
      method: 'GET',
      url: '/v1/people',
      headers: { 'x-api-key': keys.edge },
    });
    expect(people.statusCode).toBe(403);
  });
});
