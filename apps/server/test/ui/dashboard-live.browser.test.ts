import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { randomUnitVector } from '../support/embeddings.js';
import { createApiKey } from '../support/api-keys.js';
import { enrollPerson } from '../support/test-server.js';
import { artifactPath, lfwPhoto } from './support/artifacts.js';
import { dashboardInChromium } from './support/dashboard-in-chromium.js';
import { signInWithAdminKey } from './support/dashboard-pages.js';
import { startTestCamera } from './support/test-camera.js';

/** A real browser on the real dashboard: live frames from a test camera and attendance without reload. */
describe('dashboard in Chromium: live camera and attendance', () => {
  let page: Page;
  let edgeKey: string;
  const thirdPartyRequests: string[] = [];
  const pageErrors: string[] = [];

  const dashboard = dashboardInChromium({
    // The SCRFD-500M + faceplugin files are what this test names (not the default pack's).
    env: { MODELS_DIR: '../shared/models', MODEL_PACK: 'faceplugin-512' },
    seed: async (server) => {
      edgeKey = (await createApiKey(server, 'edge', 'camera')).key;
    },
  });
  beforeAll(async () => {
    const { server, browser } = dashboard;
    page = await browser.context.newPage();
    page.on('request', (request) => {
      if (!request.url().startsWith(server.baseUrl ?? '') && !request.url().startsWith('blob:')) {
        thirdPartyRequests.push(request.url());
      }
    });
    page.on('pageerror', (error) => pageErrors.push(error.message));
  });

  it(
    'signs in, shows a live frame from a camera, and adds attendance as it happens',
    { timeout: 120_000 },
    async () => {
      const { server } = dashboard;
      const base = server.baseUrl ?? '';
      await signInWithAdminKey(page, server);
      await page.waitForSelector('#nav:not([hidden])');

      const camera = await startTestCamera({
        wsBase: base.replace('http', 'ws'),
        apiKey: edgeKey,
        cameraId: 'entrance-1',
        jpegPath: lfwPhoto('Tom_Hanks', 1),
        fps: 10,
      });
      try {
        const tile = page.locator('[data-camera="entrance-1"]');
        await tile.locator('img[src^="blob:"]').waitFor();
        // The blob URL is set before the browser has decoded the JPEG: wait for the decoded frame.
        await expect
          .poll(() =>
            tile.locator('img').evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth),
          )
          .toBe(250);
        await expect.poll(() => tile.getAttribute('data-online')).toBe('true');
        await expect
          .poll(async () => Number(await tile.getAttribute('data-fps')), { timeout: 10_000 })
          .toBeGreaterThan(5);

        // Attendance recorded through the API while the page stays open: it must appear without a reload.
        await page.evaluate(() => Object.assign(globalThis, { notReloaded: true }));
        const face = randomUnitVector(512);
        await enrollPerson(server, 'Margaret Live', [face], 'browser-test-512');
        const identify = await server.app.inject({
          method: 'POST',
          url: '/v1/identify',
          headers: { 'x-api-key': edgeKey },
          payload: { camera_id: 'entrance-1', model: 'browser-test-512', faces: [{ embedding: face }] },
        });
        expect(identify.json()).toMatchObject({ results: [{ status: 'recorded' }] });
        await page.locator('#today-feed li', { hasText: 'Margaret Live' }).waitFor({ timeout: 10_000 });
        expect(await page.locator('#today-count').textContent()).toBe('1');
        const stranger = await server.app.inject({
          method: 'POST',
          url: '/v1/identify',
          headers: { 'x-api-key': edgeKey },
          payload: {
            camera_id: 'entrance-1',
            model: 'browser-test-512',
            faces: [{ embedding: randomUnitVector(512) }],
          },
        });
        expect(stranger.json()).toMatchObject({ results: [{ status: 'unknown' }] });
        await page.locator('#unknown-feed li', { hasText: 'entrance-1' }).waitFor({ timeout: 10_000 });
        expect(await page.evaluate(() => (globalThis as { notReloaded?: boolean }).notReloaded)).toBe(true);
        await page.screenshot({ path: artifactPath('dashboard-live.png') });
        if (process.env.SAVE_DOCS_SCREENSHOT) {
          await page.screenshot({
            path: 'docs/img/dashboard.png',
            clip: { x: 0, y: 0, width: 1366, height: 560 },
          });
        }

        camera.stop();
        await expect.poll(() => tile.getAttribute('data-online')).toBe('false');
      } finally {
        camera.stop();
      }

      // The same event in the history, filtered by camera, and in the CSV export.
      await page.click('#nav button[data-view=history]');
      await page.fill('#history-view input[name=camera_id]', 'entrance-1');
      await page.click('#history-view button:has-text("Apply")');
      await page.locator('#history-view tbody tr', { hasText: 'Margaret Live' }).waitFor();
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.click('#history-view button:has-text("Export CSV")'),
      ]);
      const csv = readFileSync(await download.path(), 'utf8').split('\r\n');
      expect(csv[0]).toBe('recorded_at,local_day,person_id,name,external_id,camera_id,model,similarity');
      expect(csv[1]).toContain(',Margaret Live,,entrance-1,browser-test-512,1.0000');
      await page.fill('#history-view input[name=camera_id]', 'other-door');
      await page.click('#history-view button:has-text("Apply")');
      await expect.poll(() => page.locator('#history-view tbody tr').count()).toBe(0);
      await page.click('#nav button[data-view=status]');
      await page.locator('#status-view .card', { hasText: 'Database' }).waitFor();
      await page
        .locator('#status-view .card', { hasText: 'det_500m.onnx + faceplugin_fr_feature_512d.onnx' })
        .waitFor();
      await page.screenshot({ path: artifactPath('dashboard-status.png') });

      expect(thirdPartyRequests).toEqual([]);
      expect(pageErrors).toEqual([]);
    },
  );
});
