import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useServerInstances } from '../support/server-instances.js';
import { artifactPath } from './support/artifacts.js';
import { launchChromium } from './support/chromium.js';
import { ensureWebBuild } from './support/web-build.js';

const PASSWORD = 'a long admin password';

/**
 * Accounts in the real dashboard on PostgreSQL: the first admin created in the browser with the admin key,
 * sign-out and sign-in with a password, and one browser session that works through a second instance and
 * after a restart (cookies are per host, not per port: both instances on 127.0.0.1 receive it).
 */
describe('dashboard in Chromium: accounts and sessions in the database', () => {
  const { adminKey, startListening } = useServerInstances({
    PASSWORD_HASH_COST: '14',
    MODELS_DIR: '../shared/models',
  });
  let browser: Awaited<ReturnType<typeof launchChromium>>;
  let page: Page;
  const start = async () => {
    const { server, baseUrl } = await startListening();
    return { server, url: `${baseUrl}/ui/` };
  };
  const signedIn = () => page.locator('#nav').waitFor({ state: 'visible', timeout: 60_000 });
  const signedOut = () => page.locator('#password-form').waitFor({ state: 'visible', timeout: 60_000 });

  beforeAll(async () => {
    await ensureWebBuild();
    browser = await launchChromium();
    page = await browser.context.newPage();
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
  });

  it('first run → admin account; sign-out; wrong and right password; a second instance; a restart', async () => {
    const a = await start();
    await page.goto(a.url);
    await page.locator('#setup-form').waitFor({ state: 'visible' });
    await page.screenshot({ path: artifactPath('accounts-first-run.png') });
    await page.fill('#setup-form input[name=admin_key]', adminKey);
    await page.fill('#setup-form input[name=username]', 'Ada');
    await page.fill('#setup-form input[name=password]', PASSWORD);
    await page.click('#setup-form button[type=submit]');
    await signedIn();

    await page.click('#logout');
    await signedOut();
    expect(await page.locator('#setup-form').isHidden()).toBe(true);
    await page.fill('#password-form input[name=username]', 'ada');
    await page.fill('#password-form input[name=password]', 'not the password');
    await page.click('#password-form button[type=submit]');
    await expect
      .poll(() => page.locator('#login-error').textContent(), { timeout: 60_000 })
      .toContain('wrong username or password');
    await page.fill('#password-form input[name=password]', PASSWORD);
    await page.click('#password-form button[type=submit]');
    await signedIn();

    const b = await start();
    await page.goto(b.url);
    await signedIn();
    await a.server.close();
    const restarted = await start();
    await page.goto(restarted.url);
    await signedIn();
    // The page's own session cookie reads data through the restarted instance.
    expect(await page.evaluate(async () => (await fetch('/v1/people')).status)).toBe(200);

    await page.click('#logout');
    await signedOut();
    await page.goto(b.url);
    await signedOut();
  }, 300_000);
});
