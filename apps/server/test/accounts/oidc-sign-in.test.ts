import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInAtProvider } from '../support/oidc-provider-login.js';
import { startOidcTestProvider, type OidcTestProvider } from '../support/oidc-test-provider.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { dashboardClient } from './support/dashboard-client.js';

const LOCAL = { host: 'localhost' };
/** Never followed here: the test reads the provider's redirect and replays it through inject(). */
const REDIRECT_URL = 'http://localhost/ui/api/oidc/callback';

const cookieOf = (header: string | string[] | number | undefined, name: string) =>
  [header ?? []]
    .flat()
    .map(String)
    .map((cookie) => cookie.split(';')[0] ?? '')
    .find((pair) => pair.startsWith(`${name}=`) && pair.length > name.length + 1);

/**
 * OpenID Connect sign-in against a real provider (oidc-provider) started in the test: the provider's login
 * and consent are scripted over HTTP; the server side runs in-process. Covers role mapping, linking by issuer +
 * subject, refusals (no mapped group, state and nonce mismatch, no transaction) and the session it opens.
 */
describe.each(['pglite', 'postgres'] as const)('OIDC sign-in (%s)', (driver) => {
  let provider: OidcTestProvider;
  let server: TestServer;
  const users = {
    olga: { name: 'Olga Operator', groups: ['staff', 'attendance-operators'] },
    ada: { name: 'Ada From The Provider', groups: ['attendance-operators'] },
    vic: { name: 'Vic Visitor', groups: ['visitors'] },
  };
  const client = dashboardClient(() => server.app);

  beforeAll(async () => {
    provider = await startOidcTestProvider(users);
    provider.allowRedirect(REDIRECT_URL);
    server = await startTestServer({
      driver,
      env: {
        PASSWORD_HASH_COST: '12',
        OIDC_ISSUER: provider.issuer,
        OIDC_CLIENT_ID: provider.clientId,
        OIDC_CLIENT_SECRET: provider.clientSecret,
        OIDC_REDIRECT_URL: REDIRECT_URL,
        OIDC_PROVIDER_NAME: 'Test IdP',
        OIDC_SCOPES: 'openid profile groups',
        OIDC_ADMIN_VALUES: 'attendance-admins',
        OIDC_OPERATOR_VALUES: 'attendance-operators,front-desk',
      },
    });
  }, 120_000);
  afterAll(async () => {
    await server?.close();
    await provider?.close();
  });

  /** Starts a sign-in at the server: the provider's URL and the transaction cookie. */
  const start = async () => {
    const response = await server.app.inject({ method: 'GET', url: '/ui/api/oidc/start', headers: LOCAL });
    expect(response.statusCode, response.body).toBe(303);
    const transaction = cookieOf(response.headers['set-cookie'], 'sa_oidc');
    expect(transaction).toBeDefined();
    return { location: String(response.headers.location), transaction: transaction ?? '' };
  };
  const callback = (returned: URL, transactionCookie: string | undefined) =>
    server.app.inject({
      method: 'GET',
      url: `/ui/api/oidc/callback${returned.search}`,
      headers: { ...LOCAL, ...(transactionCookie ? { cookie: transactionCookie } : {}) },
    });
  const signInAs = async (login: string) => {
    const begun = await start();
    return callback(await signInAtProvider(begun.location, login), begun.transaction);
  };
  const accountCount = async () =>
    (await server.db.query<{ n: number }>('SELECT count(*)::int AS n FROM account')).rows[0]?.n;

  it('announces the provider on the sign-in card and sends the browser there with PKCE, state and nonce', async () => {
    const setup = await server.app.inject({ method: 'GET', url: '/ui/api/setup', headers: LOCAL });
    expect(setup.json()).toMatchObject({ oidc_provider: 'Test IdP' });
    const { location, transaction } = await start();
    const url = new URL(location);
    expect(url.origin).toBe(provider.issuer);
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('redirect_uri')).toBe(REDIRECT_URL);
    for (const name of ['state', 'nonce', 'code_challenge']) {
      expect(url.searchParams.get(name)?.length, name).toBeGreaterThanOrEqual(22);
    }
    // The verifier stays with the browser's cookie; only its hash went to the provider.
    expect(transaction).not.toContain(url.searchParams.get('code_challenge'));
  });

  it('a user whose group maps to operator gets an operator session, the same account every time', async () => {
    const before = await accountCount();
    const response = await signInAs('olga');
    expect(response.statusCode, response.body).toBe(303);
    expect(response.headers.location).toBe('/ui/');
    const session = cookieOf(response.headers['set-cookie'], 'sa_session');
    expect(session).toMatch(/^sa_session=[\w-]{43}$/);
    const described = await server.app.inject({
      method: 'GET',
      url: '/ui/api/session',
      headers: { ...LOCAL, cookie: session ?? '' },
    });
    expect(described.json()).toMatchObject({
      scopes: ['operator', 'viewer'],
      account: { username: 'olga', role: 'operator' },
    });
    const csrf = described.json<{ csrf_token: string }>().csrf_token;
    const signedIn = { cookie: session ?? '', csrf };
    expect((await client.call(signedIn, 'GET', '/v1/people')).statusCode).toBe(200);
    // An operator cannot manage accounts.
    expect((await client.call(signedIn, 'GET', '/v1/accounts')).statusCode).toBe(403);

    // Operators from the provider do not replace the first admin: the admin key can still create one.
    const setup = await server.app.inject({ method: 'GET', url: '/ui/api/setup', headers: LOCAL });
    expect(setup.json()).toMatchObject({ needs_first_admin: true });

    const again = await signInAs('olga');
    expect(again.statusCode).toBe(303);
    expect(await accountCount()).toBe((before ?? 0) + 1);
  });

  it('a role change at the provider applies at the next sign-in', async () => {
    users.olga.groups = ['attendance-admins'];
    const response = await signInAs('olga');
    const session = cookieOf(response.headers['set-cookie'], 'sa_session') ?? '';
    const described = await server.app.inject({
      method: 'GET',
      url: '/ui/api/session',
      headers: { ...LOCAL, cookie: session },
    });
    expect(described.json()).toMatchObject({ account: { username: 'olga', role: 'admin' } });
    users.olga.groups = ['attendance-operators'];
  });

  it('a provider user named like a local account gets an account of their own, never the local one', async () => {
    const local = await server.app.inject({
      method: 'POST',
      url: '/v1/accounts',
      headers: { 'x-api-key': server.adminKey },
      payload: { username: 'ada', password: 'the local admin password', role: 'admin' },
    });
    expect(local.statusCode, local.body).toBe(201);
    const response = await signInAs('ada');
    const session = cookieOf(response.headers['set-cookie'], 'sa_session') ?? '';
    const described = await server.app.inject({
      method: 'GET',
      url: '/ui/api/session',
      headers: { ...LOCAL, cookie: session },
    });
    const account = described.json<{ account: { id: string; username: string; role: string } }>().account;
    expect(account.role).toBe('operator');
    expect(account.username).toMatch(/^ada-[0-9a-f]{8}$/);
    expect(account.id).not.toBe(local.json<{ id: string }>().id);
    // The linked account has no password: the password form cannot sign in as it.
    expect((await client.signIn(account.username, '!')).status).toBe(401);
  });

  it('a user with no mapped group is refused with a page saying why; no account, no session', async () => {
    const before = await accountCount();
    const response = await signInAs('vic');
    expect(response.statusCode).toBe(403);
    expect(response.headers['content-type']).toMatch(/^text\/html/);
    expect(response.body).toContain('No access to Smart Attendance');
    expect(response.body).toContain('claim &quot;groups&quot;');
    expect(cookieOf(response.headers['set-cookie'], 'sa_session')).toBeUndefined();
    expect(await accountCount()).toBe(before);
  });

  it('refuses a callback whose state belongs to another sign-in (login CSRF)', async () => {
    const victims = await start();
    const attackers = await start();
    const returned = await signInAtProvider(attackers.location, 'olga');
    const response = await callback(returned, victims.transaction);
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('Sign-in refused');
    expect(cookieOf(response.headers['set-cookie'], 'sa_session')).toBeUndefined();
  });

  it('refuses an ID token whose nonce is not the one this browser sent', async () => {
    const begun = await start();
    const returned = await signInAtProvider(begun.location, 'olga');
    const value = begun.transaction.slice('sa_oidc='.length);
    const transaction = JSON.parse(Buffer.from(value, 'base64url').toString()) as Record<string, string>;
    const forged = { ...transaction, nonce: 'a-different-nonce-of-a-plausible-length' };
    const cookie = `sa_oidc=${Buffer.from(JSON.stringify(forged)).toString('base64url')}`;
    const response = await callback(returned, cookie);
    expect(response.statusCode).toBe(400);
    expect(cookieOf(response.headers['set-cookie'], 'sa_session')).toBeUndefined();
  });

  it('refuses a callback without the transaction cookie, and one replayed after use', async () => {
    const begun = await start();
    const returned = await signInAtProvider(begun.location, 'olga');
    const withoutCookie = await callback(returned, undefined);
    expect(withoutCookie.statusCode).toBe(400);
    expect(withoutCookie.body).toContain('Sign-in expired');
    expect((await callback(returned, begun.transaction)).statusCode).toBe(303);
    // The provider accepts a code once: the same answer again does not sign anyone in.
    const replayed = await callback(returned, begun.transaction);
    expect(replayed.statusCode).toBe(400);
    expect(cookieOf(replayed.headers['set-cookie'], 'sa_session')).toBeUndefined();
  });
});
