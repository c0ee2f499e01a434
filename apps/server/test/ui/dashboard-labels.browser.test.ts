import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../support/api-keys.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { artifactPath, lfwPhoto } from './support/artifacts.js';
import { launchChromium } from './support/chromium.js';
import { startTestCamera } from './support/test-camera.js';
import { ensureWebBuild } from './support/web-build.js';

const DEVANAGARI = 'अनन्या शर्मा - recorded 0.81';
const CJK = '王小明';

/**
 * Names on live tiles are drawn by the browser from the data sent beside the frame, so any script shows
 * (the edge's bitmap font only knows ASCII); frames of an older agent, without the data, show no overlay.
 */
describe('dashboard in Chromium: labels on live tiles', () => {
  let server: TestServer;
  let browser: Awaited<ReturnType<typeof launchChromium>>;
  let page: Page;
  let edgeKey: string;

  beforeAll(async () => {
    await ensureWebBuild();
    server = await startTestServer({
      driver: 'pglite',
      listen: true,
      env: { MODELS_DIR: '../shared/models' },
    });
    edgeKey = (await createApiKey(server, 'edge', 'camera')).key;
    browser = await launchChromium();
    page = await browser.context.newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('draws a Devanagari and a CJK name over the frame, and nothing for frames without data', async () => {
    const base = server.baseUrl ?? '';
    await page.goto(`${base}/ui/`);
    await page.fill('input[name=api_key]', server.adminKey);
    await page.click('#login-form button[type=submit]');
    await page.waitForSelector('#live-state.live');
    const wsBase = base.replace('http', 'ws');
    const cameras = await Promise.all([
      startTestCamera({
        wsBase,
        apiKey: edgeKey,
        cameraId: 'door-labels',
        jpegPath: lfwPhoto('Tom_Hanks', 1),
        fps: 5,
        overlay: {
          v: 1,
          width: 250,
          height: 250,
          faces: [
            { box: [60, 50, 190, 200], color: 'green', label: DEVANAGARI },
            { box: [10, 150, 50, 240], color: 'red', label: CJK },
          ],
          banners: ['door-labels'],
        },
      }),
      startTestCamera({
        wsBase,
        apiKey: edgeKey,
        cameraId: 'door-older-agent',
        jpegPath: lfwPhoto('Tom_Hanks', 1),
        fps: 5,
      }),
    ]);
    try {
      const tile = page.locator('[data-camera="door-labels"]');
      await tile.locator('.face-label', { hasText: CJK }).waitFor({ timeout: 20_000 });
      const labels = await tile.locator('.face-label').allTextContents();
      expect(labels).toEqual([DEVANAGARI, CJK]);
      expect(await tile.locator('.face-box').first().getAttribute('data-color')).toBe('green');

      // The box sits where the camera put it: 60/250 of the picture's width from its left edge.
      await expect
        .poll(() =>
          tile.locator('img').evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth),
        )
        .toBe(250);
      const picture = await tile.locator('img').boundingBox();
      const box = await tile.locator('.face-box').first().boundingBox();
      if (!picture || !box) throw new Error('tile not laid out');
      expect((box.x - picture.x) / picture.width).toBeCloseTo(60 / 250, 1);
      expect(box.width / picture.width).toBeCloseTo(130 / 250, 1);
      // Rendered text, not an empty element: the label has a width of its own.
      const label = await tile.locator('.face-label').first().boundingBox();
      expect(label?.width ?? 0).toBeGreaterThan(20);

      const older = page.locator('[data-camera="door-older-agent"]');
      await older.locator('img[src^="blob:"]').waitFor();
      expect(await older.locator('.face-box').count()).toBe(0);
      await tile.screenshot({ path: artifactPath('live-tile-labels.png') });
    } finally {
      for (const camera of cameras) camera.stop();
    }
  });
});
