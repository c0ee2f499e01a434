import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../support/api-keys.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { artifactPath } from './support/artifacts.js';
import { launchChromium } from './support/chromium.js';
import { ensureWebBuild } from './support/web-build.js';

/**
 * The dashboard's spoofing view in Chromium: attempts reported by an edge appear without a reload (relay
 * event), each camera's liveness policy is listed, and the status page shows every model pack's licence.
 */
describe('dashboard: spoof attempts and model licences', () => {
  let server: TestServer;
  let browser: Awaited<ReturnType<typeof launchChromium>>;
  let edgeKey: string;
  let viewerKey: string;

  beforeAll(async () => {
    await ensureWebBuild();
    server = await startTestServer({ driver: 'pglite', listen: true });
    edgeKey = (await createApiKey(server, 'edge')).key;
    viewerKey = (await createApiKey(server, 'viewer')).key;
    browser = await launchChromium();
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const report = (body: Record<string, unknown>) =>
    fetch(`${server.baseUrl}/v1/spoof-events`, {
      method: 'POST',
      headers: { 'x-api-key': edgeKey, 'content-type': 'application/json' },
      body: JSON.stringify({ camera_id: 'lobby', mode: 'enforce', ...body }),
    });

  it(
    'lists spoof attempts, adds new ones live, and shows the licence of each pack',
    { timeout: 120_000 },
    async () => {
      expect(
        (await report({ score: 0.08, reason: 'passive_spoof', idempotency_key: 'dash-spoof-1' })).status,
      ).toBe(201);
      const policy = await server.app.inject({
        method: 'PUT',
        url: '/v1/cameras/lobby/liveness',
        headers: { 'x-api-key': server.adminKey },
        payload: { mode: 'enforce', threshold: 0.7 },
      });
      expect(policy.statusCode).toBe(200);

      const page = await browser.context.newPage();
      await page.goto(`${server.baseUrl}/ui/`);
      await page.fill('input[name=api_key]', viewerKey);
      await page.click('#login-form button[type=submit]');
      await page.locator('#live-state', { hasText: 'live' }).waitFor({ timeout: 30_000 });

      // Reported while the live view is open: the nav badge counts it.
      expect(
        (await report({ score: 0.31, reason: 'challenge_identity_changed', idempotency_key: 'dash-spoof-2' }))
          .status,
      ).toBe(201);
      await page.locator('#spoof-badge', { hasText: '1' }).waitFor({ timeout: 30_000 });

      await page.click('#nav button[data-view=spoofing]');
      const rows = page.locator('#spoof-table tbody tr');
      await expect.poll(() => rows.count(), { timeout: 30_000 }).toBe(2);
      await expect.poll(() => rows.first().textContent()).toContain('face swapped');
      expect(await rows.nth(1).textContent()).toContain('0.08');
      const lobby = page.locator('#camera-policy-table tr', { hasText: 'lobby' });
      expect(await lobby.textContent()).toContain('enforce');
      expect(await lobby.textContent()).toContain('0.70');

      // A new attempt while the view is open appears without a reload.
      expect(
        (await report({ score: 0.02, reason: 'passive_spoof', idempotency_key: 'dash-spoof-3' })).status,
      ).toBe(201);
      await expect.poll(() => rows.count(), { timeout: 30_000 }).toBe(3);
      expect(await rows.first().textContent()).toContain('0.02');
      await page.screenshot({ path: artifactPath('dashboard-spoofing.png') });

      await page.click('#nav button[data-view=status]');
      const clean = page.locator('#pack-licences tr[data-pack="open-256"]');
      await clean.waitFor({ timeout: 30_000 });
      expect(await clean.textContent()).toContain('licence-clean');
      expect(await clean.textContent()).toContain('Apache-2.0');
      expect(await page.locator('#pack-licences tr[data-pack="faceplugin-512"]').textContent()).toContain(
        'restricted',
      );
      await page.screenshot({ path: artifactPath('dashboard-status-licences.png') });
    },
  );
});
