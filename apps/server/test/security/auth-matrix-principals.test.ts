import { ACCOUNT_ROLES, type AccountRole } from '@attendance/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scopesOfRole } from '../../src/accounts/role-scopes.js';
import { DEVICE_ROUTES } from '../../src/plugins/device-scope.js';
import { isAllowed, requiredScope } from '../../src/routes/route-scopes.js';
import { dashboardClient, type SignedIn } from '../accounts/support/dashboard-client.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

const SAMPLE_ID = '00000000-0000-4000-8000-000000000000';
const isStatic = (route: string) => / \/docs/.test(route) || route === 'GET /ui/*';

/**
 * The auth matrix for the principals that are not plain API keys, generated from the registered routes:
 * each account role through a dashboard session (cookie + CSRF token), and a paired device's credential.
 * Every protected route either passes auth or answers 403 — exactly as route-scopes.ts decides.
 */
describe('auth matrix: account roles and device credentials (pglite)', () => {
  let server: TestServer;
  let routes: string[];
  const sessions = {} as Record<AccountRole, SignedIn>;
  let device: string;
  const client = dashboardClient(() => server.app);

  beforeAll(async () => {
    server = await startTestServer({
      driver: 'pglite',
      env: {
        PASSWORD_HASH_COST: '12',
        RATE_LIMIT_EDGE_PER_MINUTE: '0',
        RATE_LIMIT_KEY_PER_MINUTE: '0',
        RATE_LIMIT_IP_PER_MINUTE: '0',
      },
    });
    await server.app.ready();
    routes = [...new Set(server.app.registeredRoutes)].filter((r) => !isStatic(r)).sort();
    sessions.admin = await client.setup(server.adminKey, 'matrix-admin', 'matrix admin password');
    for (const role of ['operator', 'viewer'] as const) {
      const created = await client.call(sessions.admin, 'POST', '/v1/accounts', {
        username: `matrix-${role}`,
        password: `matrix ${role} password`,
        role,
      });
      expect(created.statusCode, created.body).toBe(201);
      sessions[role] = await client.signIn(`matrix-${role}`, `matrix ${role} password`);
    }
    const code = await server.app.inject({
      method: 'POST',
      url: '/v1/pairing-codes',
      headers: { 'x-api-key': server.adminKey },
      payload: { camera_id: 'matrix-door' },
    });
    const paired = await server.app.inject({
      method: 'POST',
      url: '/v1/devices/pair',
      payload: { code: code.json<{ code: string }>().code },
    });
    device = paired.json<{ credential: string }>().credential;
  }, 120_000);
  afterAll(async () => {
    await server?.close();
  });

  const split = (route: string) => {
    const [method = 'GET', pattern = '/'] = route.split(' ');
    return { method, pattern, url: pattern.replace(/:[A-Za-z_]+/g, SAMPLE_ID) };
  };
  const hasBody = (method: string) => ['POST', 'PUT', 'PATCH'].includes(method);

  it.each(ACCOUNT_ROLES)('a %s account session passes exactly the routes its role allows', async (role) => {
    let checked = 0;
    for (const route of routes) {
      const { method, pattern, url } = split(route);
      const required = requiredScope(method, pattern);
      if (required === 'open') continue;
      const response = await client.call(
        sessions[role],
        method as 'GET',
        url,
        hasBody(method) ? {} : undefined,
      );
      const where = `${route} as ${role} → ${response.statusCode} ${response.body.slice(0, 160)}`;
      if (isAllowed(scopesOfRole(role), required)) {
        expect([401, 403], where).not.toContain(response.statusCode);
        expect(response.statusCode, where).toBeLessThan(500);
      } else {
        expect(response.statusCode, where).toBe(403);
      }
      checked++;
    }
    expect(checked).toBeGreaterThan(30);
    // The session is still alive after the sweep (no route signed it out).
    expect((await client.call(sessions[role], 'GET', '/ui/api/session')).statusCode).toBe(200);
  });

  it('a device credential passes only identify, publish, spoof reports and the model config', async () => {
    const passed: string[] = [];
    for (const route of routes) {
      const { method, pattern, url } = split(route);
      if (requiredScope(method, pattern) === 'open') continue;
      const response = await server.app.inject({
        method: method as 'GET',
        url,
        headers: { 'x-api-key': device, ...(hasBody(method) ? { 'content-type': 'application/json' } : {}) },
        ...(hasBody(method) ? { payload: '{}' } : {}),
      });
      const where = `${route} as a device → ${response.statusCode} ${response.body.slice(0, 160)}`;
      expect(response.statusCode, where).toBeLessThan(500);
      if (response.statusCode !== 403) passed.push(route);
      expect(response.statusCode, where).not.toBe(401);
    }
    expect(passed.sort()).toEqual([...DEVICE_ROUTES].sort());
  });
});
