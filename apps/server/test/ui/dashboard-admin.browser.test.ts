import type { Camera } from '@attendance/protocol';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUnitVector, seededRandom } from '../support/embeddings.js';
import { enrollPerson, identifyFace, startTestServer, type TestServer } from '../support/test-server.js';
import { artifactPath } from './support/artifacts.js';
import { launchChromium } from './support/chromium.js';
import { ensureWebBuild } from './support/web-build.js';

const VIEWER = { username: 'vera.viewer', password: 'a long viewer password' };

/**
 * The dashboard's management pages in Chromium: an admin changes a camera's door role and liveness policy;
 * a viewer sees the same pages without any admin control, and the API refuses the change anyway.
 */
describe('dashboard in Chromium: management pages', () => {
  let server: TestServer;
  let browser: Awaited<ReturnType<typeof launchChromium>>;
  let page: Page;

  const api = async <T>(method: 'GET' | 'POST' | 'PUT', url: string, payload?: object): Promise<T> => {
    const response = await server.app.inject({
      method,
      url,
      headers: { 'x-api-key': server.adminKey },
      ...(payload ? { payload } : {}),
    });
    if (response.statusCode >= 300) {
      throw new Error(`${method} ${url}: ${response.statusCode} ${response.body}`);
    }
    return response.json<T>();
  };
  const open = async (view: string) => {
    await page.click(`#nav button[data-view=${view}]`);
    await page.waitForSelector(`#${view}-view:not([hidden])`);
  };

  beforeAll(async () => {
    await ensureWebBuild();
    server = await startTestServer({
      driver: 'pglite',
      listen: true,
      env: { MODELS_DIR: '../shared/models', PASSWORD_HASH_COST: '14' },
    });
    const embedding = randomUnitVector(512, seededRandom(3));
    await enrollPerson(server, 'Ada Door', [embedding]);
    await identifyFace(server, embedding, { cameraId: 'door-a' });
    await api('POST', '/v1/accounts', { ...VIEWER, role: 'viewer' });
    browser = await launchChromium();
    page = await browser.context.newPage();
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('lets an admin set a camera’s door role and liveness policy', { timeout: 120_000 }, async () => {
    await page.goto(`${server.baseUrl ?? ''}/ui/`);
    await page.fill('input[name=api_key]', server.adminKey);
    await page.click('#login-form button[type=submit]');
    await page.waitForSelector('#live-state.live');
    await open('cameras');
    const row = page.locator('#cameras-table tr[data-camera="door-a"]');
    await row.waitFor();
    expect(await row.locator('td[data-last-frame]').getAttribute('data-last-frame')).toBeTruthy();
    await row.locator('select[name=role]').selectOption('exit');
    await row.locator('select[name=liveness]').selectOption('enforce');
    await row.locator('input[name=threshold]').fill('0.7');
    await row.locator('input[name=require_challenge]').check();
    await row.locator('button.primary').click();
    await page.locator('#cameras-view .notice', { hasText: 'door-a' }).waitFor();
    await page.screenshot({ path: artifactPath('dashboard-cameras.png'), fullPage: true });

    const camera = (await api<{ items: Camera[] }>('GET', '/v1/cameras')).items.find(
      (c) => c.id === 'door-a',
    );
    expect(camera?.role).toBe('exit');
    expect(camera?.liveness).toMatchObject({
      mode: 'enforce',
      threshold: 0.7,
      require_challenge: true,
      explicit: true,
    });
    await page.click('#logout');
    await page.waitForSelector('#password-form');
  });

  it(
    'shows a viewer no admin control, and the API refuses a viewer anyway',
    { timeout: 120_000 },
    async () => {
      await page.fill('#password-form input[name=username]', VIEWER.username);
      await page.fill('#password-form input[name=password]', VIEWER.password);
      await page.click('#password-form button[type=submit]');
      await page.waitForSelector('#live-state.live');
      await open('cameras');
      const row = page.locator('#cameras-table tr[data-camera="door-a"]');
      await row.waitFor();
      expect(await row.textContent()).toContain('exit');
      expect(
        await page.locator('#cameras-view select, #cameras-view input, #cameras-view button').count(),
      ).toBe(0);

      const status = await page.evaluate(async () => {
        const session = (await (await fetch('/ui/api/session')).json()) as { csrf_token: string };
        const response = await fetch('/v1/cameras/door-a/role', {
          method: 'PUT',
          headers: { 'content-type': 'application/json', 'x-csrf-token': session.csrf_token },
          body: JSON.stringify({ role: 'entry' }),
        });
        return response.status;
      });
      expect(status).toBe(403);
      const camera = (await api<{ items: Camera[] }>('GET', '/v1/cameras')).items.find(
        (c) => c.id === 'door-a',
      );
      expect(camera?.role).toBe('exit');
    },
  );
});
