import { describe, expect, it } from 'vitest';
import type { Server } from '../../src/server.js';
import { captureLogger } from '../support/capture-logger.js';
import { useServerInstances } from '../support/server-instances.js';
import { dashboardClient, type SignedIn } from './support/dashboard-client.js';

const PASSWORD = 'the first admin password';

/**
 * Sessions live in PostgreSQL: a browser signed in on instance A keeps working through instance B (no
 * sticky sessions) and after A restarts. Sign-in throttling per username and per IP, logged without secrets.
 */
describe('sessions across instances and restarts (postgres)', () => {
  const logs = captureLogger();
  const { adminKey, start } = useServerInstances(
    { PASSWORD_HASH_COST: '12', RATE_LIMIT_IP_PER_MINUTE: '0' },
    logs.logger,
  );
  let current: Server;
  const client = dashboardClient(() => current.app);

  it('a session made on instance A works on instance B and after A restarts', async () => {
    const a = await start();
    const b = await start();
    current = a;
    const admin: SignedIn = await client.setup(adminKey, 'admin', PASSWORD);
    expect(admin.status).toBe(201);
    current = b;
    expect((await client.call(admin, 'GET', '/ui/api/session')).json()).toMatchObject({
      account: { username: 'admin' },
      csrf_token: admin.csrf,
    });
    const created = await client.call(admin, 'POST', '/v1/people', { name: 'Made On B' });
    expect(created.statusCode, created.body).toBe(201);
    await a.close();
    current = await start();
    expect((await client.call(admin, 'GET', '/v1/people')).statusCode).toBe(200);
    // Signing out on one instance ends the session on all of them.
    expect((await client.call(admin, 'DELETE', '/ui/api/session')).statusCode).toBe(204);
    current = b;
    expect((await client.call(admin, 'GET', '/v1/people')).statusCode).toBe(401);
  }, 180_000);

  it('throttles failed sign-ins per username, then per IP, and logs neither password', async () => {
    for (let i = 0; i < 10; i++) expect((await client.signIn('admin', `guess number ${i}`)).status).toBe(401);
    const blocked = await current.app.inject({
      method: 'POST',
      url: '/ui/api/session',
      headers: { host: 'localhost', origin: 'http://localhost' },
      payload: { username: 'admin', password: PASSWORD },
    });
    expect(blocked.statusCode).toBe(429);
    expect(blocked.headers['retry-after']).toMatch(/^\d+$/);
    expect(blocked.json()).toMatchObject({ error: { code: 'rate_limited' } });
    // Another username from the same address still works until the address itself is over its limit.
    for (let i = 0; i < 40; i++) expect((await client.signIn(`user${i}`, 'wrong password')).status).toBe(401);
    expect((await client.signIn('someone-else', 'wrong password')).status).toBe(429);
    const fromElsewhere = await current.app.inject({
      method: 'POST',
      url: '/ui/api/session',
      remoteAddress: '127.0.0.9',
      headers: { host: 'localhost', origin: 'http://localhost' },
      payload: { username: 'other', password: 'wrong password' },
    });
    expect(fromElsewhere.statusCode).toBe(401);
    const text = logs.text();
    expect(text).toContain('sign-in failed');
    expect(text).toContain('too many failed attempts');
    for (const secret of [PASSWORD, 'guess number', 'wrong password', adminKey]) {
      expect(text).not.toContain(secret);
    }
  }, 180_000);
});
