import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../support/api-keys.js';
import { randomUnitVector, seededRandom } from '../support/embeddings.js';
import { enrollPerson, identifyFace } from '../support/test-server.js';
import { artifactPath, lfwPhoto } from './support/artifacts.js';
import { dashboardInChromium } from './support/dashboard-in-chromium.js';
import { adminApi, signInWithAdminKey } from './support/dashboard-pages.js';
import { startTestCamera } from './support/test-camera.js';
import { SAME_IN_BOTH, VISIBLE_TEXTS } from './support/visible-texts.js';

const DEVANAGARI = 'अनीता शर्मा - recorded 0.81';
const CJK = '王小明';

/**
 * Names on live tiles are drawn by the browser from the data sent beside the frame, so any script shows
 * (the edge's bitmap font only knows ASCII); frames of an older agent, without the data, show no overlay.
 */
describe('dashboard in Chromium: labels on live tiles', () => {
  let edgeKey: string;
  let page: Page;

  const dashboard = dashboardInChromium({
    env: { MODELS_DIR: '../shared/models' },
    seed: async (server) => {
      edgeKey = (await createApiKey(server, 'edge', 'camera')).key;
      // Today's feed gets a recognised person (and an unknown face once the page is live).
      const embedding = randomUnitVector(512, seededRandom(5));
      await enrollPerson(server, 'Grace Hopper', [embedding]);
      await identifyFace(server, embedding, { cameraId: 'door-labels' });
      // A named camera: its tile shows the name and location, with the id beneath.
      await adminApi(() => server)('PATCH', '/v1/cameras/door-labels', {
        name: 'Front door',
        location: 'Lobby',
      });
    },
  });
  beforeAll(async () => {
    page = await dashboard.browser.context.newPage();
  });

  it(
    'draws a Devanagari and a CJK name over the frame, nothing for frames without data, and switches language',
    { timeout: 120_000 },
    async () => {
      const { server } = dashboard;
      const base = server.baseUrl ?? '';
      await signInWithAdminKey(page, server);
      await identifyFace(server, randomUnitVector(512, seededRandom(6)), { cameraId: 'door-labels' });
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

        expect(await tile.locator('.camera-name').textContent()).toBe('Front door');
        expect(await tile.locator('.camera-place').textContent()).toBe('Lobby · door-labels');
        expect(await page.locator('#today-feed li .meta').first().textContent()).toContain('Front door');

        const older = page.locator('[data-camera="door-older-agent"]');
        await older.locator('img[src^="blob:"]').waitFor();
        expect(await older.locator('.camera-name').textContent()).toBe('door-older-agent');
        expect(await older.locator('.face-box').count()).toBe(0);
        await tile.screenshot({ path: artifactPath('live-tile-labels.png') });

        // Switching the language changes every visible string of the Live page: none stays English.
        await page.locator('#today-feed li').first().waitFor();
        await page.locator('#unknown-feed li').first().waitFor();
        const english = await page.evaluate<string[]>(VISIBLE_TEXTS);
        await page.selectOption('select[name=language]', 'es');
        await expect.poll(() => page.evaluate<string>('document.documentElement.lang')).toBe('es');
        const spanish = await page.evaluate<string[]>(VISIBLE_TEXTS);
        await page.screenshot({ path: artifactPath('live-spanish.png'), fullPage: true });
        const words = english.filter((text) => /\p{L}/u.test(text) && !SAME_IN_BOTH.has(text));
        expect(words.length).toBeGreaterThan(10);
        expect(spanish).toHaveLength(english.length);
        expect(spanish.filter((text) => words.includes(text))).toEqual([]);
        await page.selectOption('select[name=language]', 'en');
        // Back in English: the same texts (counters and rates move on meanwhile: digits are left out).
        const shape = (texts: string[]) => texts.map((text) => text.replace(/\d[\d.,]*/g, '#'));
        expect(shape(await page.evaluate<string[]>(VISIBLE_TEXTS))).toEqual(shape(english));
      } finally {
        for (const camera of cameras) camera.stop();
      }
    },
  );
});
