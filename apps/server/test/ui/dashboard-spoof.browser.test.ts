import { describe, expect, it } from 'vitest';
import { createApiKey } from '../support/api-keys.js';
import { artifactPath } from './support/artifacts.js';
import { dashboardInChromium } from './support/dashboard-in-chromium.js';
import { signIn } from './support/dashboard-pages.js';

/**
 * The dashboard's spoofing view in Chromium: attempts reported by an edge appear without a reload (relay
 * event), each camera's liveness policy is listed, and the status page shows every model pack's licence.
 */
describe('dashboard: spoof attempts and model licences', () => {
  let edgeKey: string;
  let viewerKey: string;
  const dashboard = dashboardInChromium({
    seed: async (server) => {
      edgeKey = (await createApiKey(server, 'edge')).key;
      viewerKey = (await createApiKey(server, 'viewer')).key;
    },
  });

  const report = (body: Record<string, unknown>) =>
    fetch(`${dashboard.server.baseUrl}/v1/spoof-events`, {
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
      const { server, browser } = dashboard;
      const policy = await server.app.inject({
        method: 'PUT',
        url: '/v1/cameras/lobby/liveness',
        headers: { 'x-api-key': server.adminKey },
        payload: { mode: 'enforce', threshold: 0.7 },
      });
      expect(policy.statusCode).toBe(200);

      const page = await browser.context.newPage();
      await page.goto(`${server.baseUrl}/ui/`);
      await signIn(page, viewerKey);

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
