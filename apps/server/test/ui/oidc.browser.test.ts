import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { PostgresDatabase } from '../../src/db/postgres-database.js';
import { createServer, type Server } from '../../src/server.js';
import { startOidcTestProvider, type OidcTestProvider } from '../support/oidc-test-provider.js';
import { freePort } from '../support/server-process.js';
import { createTestDatabase, type TestDatabase } from '../support/test-server.js';
import { artifactPath } from './support/artifacts.js';
import { launchChromium } from './support/chromium.js';
import { ensureWebBuild } from './support/web-build.js';

/**
 * OpenID Connect sign-in in the real dashboard: Chromium clicks "Sign in with Test IdP", goes through the
 * provider's own login and consent pages and lands on the dashboard as an operator; the session lives in the
 * database like a password session (a second instance and a restart keep it); a user whose groups map to no
 * role sees the refusal page. The dashboard is opened as `localhost` and the provider as `127.0.0.1`, so the
 * trip to the provider and back is cross-site, as in a real deployment (SameSite rules apply).
 */
describe('dashboard in Chromium: sign-in through an OpenID Connect provider', () => {
  let testDb: TestDatabase;
  let provider: OidcTestProvider;
  let browser: Awaited<ReturnType<typeof launchChromium>>;
  let port: number;
  const servers: Server[] = [];
  const dataDirs: string[] = [];
  const users = {
    olga: { name: 'Olga Operator', groups: ['staff', 'attendance-operators'] },
    vic: { name: 'Vic Visitor', groups: ['visitors'] },
  };

  const start = async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'attendance-oidc-ui-'));
    dataDirs.push(dataDir);
    const config = loadConfig({
      DATABASE_URL: testDb.url ?? '',
      DATA_DIR: dataDir,
      API_KEY: `sa_test_admin_${randomBytes(16).toString('hex')}`,
      LOG_LEVEL: 'silent',
      LOG_FILE: 'false',
      MODELS_DIR: '../shared/models',
      OIDC_ISSUER: provider.issuer,
      OIDC_CLIENT_ID: provider.clientId,
      OIDC_CLIENT_SECRET: provider.clientSecret,
      OIDC_PROVIDER_NAME: 'Test IdP',
      OIDC_SCOPES: 'openid profile groups',
      OIDC_OPERATOR_VALUES: 'attendance-operators',
      OIDC_ADMIN_VALUES: 'attendance-admins',
    });
    const server = await createServer(config, {
      db: new PostgresDatabase(testDb.url ?? '', { poolSize: 4 }),
      logger: pino({ level: 'silent' }),
    });
    servers.push(server);
    await server.app.listen({ host: '127.0.0.1', port });
    return server;
  };
  const dashboard = () => `http://localhost:${port}/ui/`;

  /** From the sign-in card through the provider's login and consent pages. */
  const signInThroughProvider = async (page: Page, login: string) => {
    await page.goto(dashboard());
    const button = page.locator('#oidc-sign-in a');
    await expect.poll(() => button.textContent(), { timeout: 60_000 }).toBe('Sign in with Test IdP');
    await button.click();
    await page.locator('input[name=login]').waitFor({ timeout: 60_000 });
    expect(new URL(page.url()).origin).toBe(provider.issuer);
    await page.screenshot({ path: artifactPath(`oidc-provider-login-${login}.png`) });
    await page.fill('input[name=login]', login);
    await page.fill('input[name=password]', 'any password');
    await page.click('button[type=submit]');
    await page.locator('button:has-text("Continue")').click({ timeout: 60_000 });
  };
  const newPage = async (context: BrowserContext) => {
    const page = await context.newPage();
    // The provider's development pages import a web font; this network has no internet.
    await page.route(/^https:\/\//, (route) => route.abort());
    return page;
  };

  beforeAll(async () => {
    await ensureWebBuild();
    testDb = await createTestDatabase('postgres');
    provider = await startOidcTestProvider(users);
    port = await freePort();
    provider.allowRedirect(`http://localhost:${port}/ui/api/oidc/callback`);
    browser = await launchChromium();
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    for (const server of servers) await server.close().catch(() => undefined);
    await provider?.close();
    await testDb?.drop();
    for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
  });

  it('an operator signs in at the provider, lands on the dashboard, and keeps the session across instances', async () => {
    const first = await start();
    const page = await newPage(browser.context);
    await signInThroughProvider(page, 'olga');
    await page.locator('#logout').waitFor({ state: 'visible', timeout: 60_000 });
    expect(page.url()).toBe(dashboard());
    expect(await page.locator('#login-view').isHidden()).toBe(true);
    await page.screenshot({ path: artifactPath('oidc-signed-in-operator.png') });
    const session = async () =>
      page.evaluate(async () => {
        const response = await fetch('/ui/api/session');
        return response.ok
          ? ((await response.json()) as { account: { role: string; username: string } })
          : null;
      });
    expect(await session()).toMatchObject({ account: { username: 'olga', role: 'operator' } });

    // Same database, another process on the same address: the session is in the database, not in memory.
    await first.close();
    await start();
    await page.reload();
    await page.locator('#logout').waitFor({ state: 'visible', timeout: 60_000 });
    expect(await session()).toMatchObject({ account: { role: 'operator' } });
    expect(await page.evaluate(async () => (await fetch('/v1/people')).status)).toBe(200);
    await page.close();
  }, 300_000);

  it('a user whose groups map to no role is refused with a page that says why', async () => {
    const fresh = await launchChromium();
    try {
      const page = await newPage(fresh.context);
      await signInThroughProvider(page, 'vic');
      const refusal = page.locator('#sign-in-refused');
      await refusal.waitFor({ timeout: 60_000 });
      expect(await refusal.textContent()).toContain('No access to Smart Attendance');
      expect(await refusal.textContent()).toContain('not in a group that grants a role');
      await page.screenshot({ path: artifactPath('oidc-refused-unmapped.png') });
      await page.click('text=Back to sign-in');
      await page.locator('#password-form').waitFor({ state: 'visible', timeout: 60_000 });
      expect(await page.locator('#nav').isHidden()).toBe(true);
      expect(await page.locator('#logout').isHidden()).toBe(true);
    } finally {
      await fresh.close();
    }
  }, 300_000);
});
