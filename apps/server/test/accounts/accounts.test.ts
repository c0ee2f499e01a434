import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../support/api-keys.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { dashboardClient, type SignedIn } from './support/dashboard-client.js';

const PASSWORD = 'first admin password';

/** Accounts end to end through the HTTP app: first admin, roles, password changes, resets, disabling. */
describe.each(['pglite', 'postgres'] as const)('accounts (%s)', (driver) => {
  let server: TestServer;
  const client = dashboardClient(() => server.app);
  let admin: SignedIn;

  beforeAll(async () => {
    server = await startTestServer({
      driver,
      env: { PASSWORD_HASH_COST: '12', RATE_LIMIT_IP_PER_MINUTE: '0', RATE_LIMIT_KEY_PER_MINUTE: '0' },
    });
  }, 120_000);
  afterAll(async () => {
    await server?.close();
  });

  const createAccount = async (username: string, role: string, password = `${username} password`) => {
    const response = await client.call(admin, 'POST', '/v1/accounts', { username, password, role });
    expect(response.statusCode, response.body).toBe(201);
    return response.json<{ id: string }>().id;
  };

  it('first run: only the admin key creates the first admin account, once', async () => {
    const before = await server.app.inject({
      method: 'GET',
      url: '/ui/api/setup',
      headers: { host: 'localhost' },
    });
    expect(before.json()).toEqual({ needs_first_admin: true, oidc_provider: null });
    const viewerKey = (await createApiKey(server, 'viewer')).key;
    expect((await client.setup(viewerKey, 'admin', PASSWORD)).status).toBe(401);
    expect((await client.setup('sa_wrong_key_00000000000', 'admin', PASSWORD)).status).toBe(401);
    expect((await client.setup(server.adminKey, 'admin', 'short')).status).toBe(400);
    admin = await client.setup(server.adminKey, 'Admin', PASSWORD);
    expect(admin.status).toBe(201);
    expect(admin.body).toMatchObject({ scopes: ['admin'], account: { username: 'admin', role: 'admin' } });
    const again = await client.setup(server.adminKey, 'second', PASSWORD);
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ error: { code: 'conflict' } });
    const after = await server.app.inject({
      method: 'GET',
      url: '/ui/api/setup',
      headers: { host: 'localhost' },
    });
    expect(after.json()).toEqual({ needs_first_admin: false, oidc_provider: null });
  });

  it('signs in with a username (any case) and password; a wrong password or user gets the same 401', async () => {
    const signedIn = await client.signIn('ADMIN', PASSWORD);
    expect(signedIn.status).toBe(200);
    expect(signedIn.cookie).toMatch(/^sa_session=[\w-]{43}$/);
    const wrong = await client.signIn('admin', 'not the password');
    const unknown = await client.signIn('nobody', PASSWORD);
    expect([wrong.status, unknown.status]).toEqual([401, 401]);
    expect(wrong.body).toEqual(unknown.body);
  });

  it('stores passwords as scrypt hashes and sessions as token hashes only', async () => {
    const { rows } = await server.db.query<{ row: string }>(
      'SELECT row_to_json(account)::text AS row FROM account',
    );
    expect(rows[0]?.row).toMatch(/"password_hash":"scrypt\$12\$8\$1\$/);
    expect(rows.map((r) => r.row).join()).not.toContain(PASSWORD);
    const sessions = await server.db.query<{ row: string }>(
      'SELECT row_to_json(auth_session)::text AS row FROM auth_session',
    );
    const token = admin.cookie.split('=')[1] ?? '';
    expect(token.length).toBe(43);
    expect(sessions.rows.map((r) => r.row).join()).not.toContain(token);
  });

  it('roles: an operator enrolls people but manages no accounts or keys; a viewer only reads', async () => {
    await createAccount('olga', 'operator');
    await createAccount('victor', 'viewer');
    const operator = await client.signIn('olga', 'olga password');
    const viewer = await client.signIn('victor', 'victor password');
    expect(operator.body.scopes).toEqual(['operator', 'viewer']);
    const person = await client.call(operator, 'POST', '/v1/people', { name: 'Operator Made' });
    expect(person.statusCode, person.body).toBe(201);
    const personId = person.json<{ id: string }>().id;
    expect(
      (await client.call(operator, 'PATCH', `/v1/people/${personId}`, { name: 'Renamed' })).statusCode,
    ).toBe(200);
    for (const [method, url, body] of [
      ['GET', '/v1/accounts', undefined],
      ['POST', '/v1/accounts', { username: 'sneaky', password: 'sneaky password', role: 'admin' }],
      ['GET', '/v1/api-keys', undefined],
      ['POST', '/v1/api-keys', { name: 'x', scopes: ['admin'] }],
      ['DELETE', `/v1/people/${personId}`, undefined],
      ['GET', '/v1/audit-log', undefined],
    ] as const) {
      const response = await client.call(operator, method, url, body);
      expect(response.statusCode, `operator ${method} ${url}`).toBe(403);
    }
    expect((await client.call(viewer, 'GET', '/v1/people')).statusCode).toBe(200);
    expect((await client.call(viewer, 'POST', '/v1/people', { name: 'Nope' })).statusCode).toBe(403);
    expect((await client.call(viewer, 'PATCH', `/v1/people/${personId}`, { name: 'Nope' })).statusCode).toBe(
      403,
    );
  });

  it('session fixation: sign-in always issues a new token and ends the session the browser had', async () => {
    const planted = 'sa_session=attacker-chosen-token-0000000000000000000000';
    const fresh = await client.signIn('admin', PASSWORD, planted);
    expect(fresh.cookie).not.toBe(planted);
    const first = await client.signIn('admin', PASSWORD);
    const second = await client.signIn('admin', PASSWORD, first.cookie);
    expect(second.cookie).not.toBe(first.cookie);
    expect((await client.call(first, 'GET', '/ui/api/session')).statusCode).toBe(401);
    expect((await client.call(second, 'GET', '/ui/api/session')).statusCode).toBe(200);
    expect((await client.call({ cookie: planted, csrf: '' }, 'GET', '/v1/people')).statusCode).toBe(401);
  });

  it('CSRF: an account session mutates only with its token', async () => {
    const session = await client.signIn('olga', 'olga password');
    const without = await client.call(session, 'POST', '/v1/people', { name: 'No Token' }, { csrf: false });
    expect(without.statusCode).toBe(403);
    const other = await client.signIn('victor', 'victor password');
    const foreign = await client.call({ cookie: session.cookie, csrf: other.csrf }, 'POST', '/v1/people', {
      name: 'Wrong Token',
    });
    expect(foreign.statusCode).toBe(403);
  });

  it('own password change: the old password stops working and the other sessions end', async () => {
    await createAccount('paula', 'viewer', 'paula old password');
    const laptop = await client.signIn('paula', 'paula old password');
    const phone = await client.signIn('paula', 'paula old password');
    const wrong = await client.call(laptop, 'POST', '/ui/api/session/password', {
      current_password: 'not it at all',
      new_password: 'paula new password',
    });
    expect(wrong.statusCode).toBe(403);
    const changed = await client.call(laptop, 'POST', '/ui/api/session/password', {
      current_password: 'paula old password',
      new_password: 'paula new password',
    });
    expect(changed.statusCode, changed.body).toBe(204);
    expect((await client.call(laptop, 'GET', '/ui/api/session')).statusCode).toBe(200);
    expect((await client.call(phone, 'GET', '/ui/api/session')).statusCode).toBe(401);
    expect((await client.signIn('paula', 'paula old password')).status).toBe(401);
    expect((await client.signIn('paula', 'paula new password')).status).toBe(200);
  });

  it('admin reset, sign-out everywhere and disabling end the account’s sessions', async () => {
    const id = await createAccount('rita', 'operator');
    const before = await client.signIn('rita', 'rita password');
    const reset = await client.call(admin, 'POST', `/v1/accounts/${id}/password`, {
      password: 'rita reset password',
    });
    expect(reset.statusCode, reset.body).toBe(200);
    expect((await client.call(before, 'GET', '/ui/api/session')).statusCode).toBe(401);
    const afterReset = await client.signIn('rita', 'rita reset password');
    expect(afterReset.status).toBe(200);
    const revoke = await client.call(admin, 'POST', `/v1/accounts/${id}/sessions/revoke`);
    expect(revoke.json()).toEqual({ sessions_ended: 1 });
    expect((await client.call(afterReset, 'GET', '/v1/people')).statusCode).toBe(401);
    const again = await client.signIn('rita', 'rita reset password');
    const disabled = await client.call(admin, 'PATCH', `/v1/accounts/${id}`, { disabled: true });
    expect(disabled.json()).toMatchObject({ disabled: true });
    expect((await client.call(again, 'GET', '/v1/people')).statusCode).toBe(401);
    expect((await client.signIn('rita', 'rita reset password')).status).toBe(401);
    const list = await client.call(admin, 'GET', '/v1/accounts');
    expect(list.body).not.toMatch(/password|scrypt/);
  });

  it('the last admin can be neither demoted nor disabled', async () => {
    const accounts = (await client.call(admin, 'GET', '/v1/accounts')).json<{
      items: { id: string; username: string }[];
    }>();
    const self = accounts.items.find((a) => a.username === 'admin');
    const demote = await client.call(admin, 'PATCH', `/v1/accounts/${self?.id}`, { role: 'viewer' });
    expect(demote.statusCode).toBe(409);
    const second = await createAccount('second-admin', 'admin');
    expect((await client.call(admin, 'PATCH', `/v1/accounts/${second}`, { role: 'viewer' })).statusCode).toBe(
      200,
    );
    expect(
      (
        await client.call(admin, 'POST', '/v1/accounts', {
          username: 'second-admin',
          password: 'some password x',
          role: 'viewer',
        })
      ).statusCode,
    ).toBe(409);
  });

  it('deletes an account and its sessions; never one’s own, never the last admin', async () => {
    const id = await createAccount('dora', 'operator');
    const dora = await client.signIn('dora', 'dora password');
    expect((await client.call(dora, 'GET', '/v1/people')).statusCode).toBe(200);
    // An operator manages no accounts.
    expect((await client.call(dora, 'DELETE', `/v1/accounts/${id}`)).statusCode).toBe(403);

    const deleted = await client.call(admin, 'DELETE', `/v1/accounts/${id}`);
    expect(deleted.statusCode, deleted.body).toBe(204);
    expect((await client.call(dora, 'GET', '/v1/people')).statusCode).toBe(401);
    expect((await client.signIn('dora', 'dora password')).status).toBe(401);
    const list = (await client.call(admin, 'GET', '/v1/accounts')).json<{
      items: { id: string; username: string }[];
    }>();
    expect(list.items.map((account) => account.id)).not.toContain(id);
    expect((await client.call(admin, 'DELETE', `/v1/accounts/${id}`)).statusCode).toBe(404);

    const self = list.items.find((account) => account.username === 'admin')?.id ?? '';
    expect(self).not.toBe('');
    const own = await client.call(admin, 'DELETE', `/v1/accounts/${self}`);
    expect(own.statusCode).toBe(409);
    expect(own.json()).toMatchObject({ error: { code: 'conflict' } });
    // The admin API key is no account: it may delete any, but not the last admin who can sign in.
    const lastAdmin = await server.app.inject({
      method: 'DELETE',
      url: `/v1/accounts/${self}`,
      headers: { 'x-api-key': server.adminKey },
    });
    expect(lastAdmin.statusCode).toBe(409);
    expect(lastAdmin.json<{ error: { message: string } }>().error.message).toMatch(/last admin/);
    expect((await client.call(admin, 'GET', '/ui/api/session')).statusCode).toBe(200);

    const another = await createAccount('third-admin', 'admin');
    expect((await client.call(admin, 'DELETE', `/v1/accounts/${another}`)).statusCode).toBe(204);
  });

  it('audits account changes with the acting account, never a password', async () => {
    const log = await server.app.inject({
      method: 'GET',
      url: '/v1/audit-log',
      headers: { 'x-api-key': server.adminKey },
    });
    const actions = log.json<{ items: { action: string }[] }>().items.map((entry) => entry.action);
    expect(actions).toEqual(
      expect.arrayContaining([
        'account.created',
        'account.updated',
        'account.password_reset',
        'account.deleted',
      ]),
    );
    expect(log.body).not.toMatch(/password"|rita reset/);
  });
});
