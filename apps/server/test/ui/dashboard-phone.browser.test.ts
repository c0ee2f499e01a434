import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { randomUnitVector, seededRandom } from '../support/embeddings.js';
import { enrollPerson, identifyFace } from '../support/test-server.js';
import { artifactPath } from './support/artifacts.js';
import { dashboardInChromium } from './support/dashboard-in-chromium.js';
import { adminApi, navigationViews, openViewWithRows, signIn } from './support/dashboard-pages.js';

const PHONE = { width: 390, height: 844 };

/** The page's width beyond the viewport: anything above 0 means the page scrolls sideways. */
const overflow = (page: Page) =>
  page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');

/** The dashboard and the kiosk setup on a phone-sized screen: usable, and no page scrolls sideways. */
describe('dashboard in Chromium at 390×844', () => {
  const dashboard = dashboardInChromium({
    env: { MODELS_DIR: '../shared/models', WEBHOOK_ALLOW_LOOPBACK: 'true' },
    seed: async (server) => {
      // Rows in the tables, with a long name and a long camera id, so the tables have something to be wide with.
      const embedding = randomUnitVector(512, seededRandom(7));
      await enrollPerson(server, 'Maximiliana Wilhelmina Featherstonehaugh-Cholmondeley', [embedding]);
      await identifyFace(server, embedding, { cameraId: 'main-entrance-north-building-level-2' });
      const api = adminApi(() => server);
      await api('POST', '/v1/groups', {
        name: 'Evening shift of the north building reception desk',
        schedule: { work_days: [1, 2, 3, 4, 5, 6, 7], start: '22:00', end: '06:00', grace_minutes: 10 },
      });
      await api('PUT', '/v1/holidays/2026-12-25', { name: 'Christmas Day' });
      await api('POST', '/v1/webhooks', {
        url: 'http://127.0.0.1:9/a/rather/long/path/to/the/payroll/system/attendance-webhook-receiver',
        events: ['attendance.recorded', 'attendance.corrected', 'person.created', 'person.erased'],
        enabled: false,
      });
    },
  });

  it(
    'shows every page without horizontal scroll (screenshots in test-artifacts/)',
    { timeout: 180_000 },
    async () => {
      const { server, browser } = dashboard;
      const base = server.baseUrl ?? '';
      const page = await browser.context.newPage();
      await page.setViewportSize(PHONE);
      await page.goto(`${base}/ui/`);
      await page.waitForSelector('#login-view:not([hidden])');
      expect(await overflow(page)).toBeLessThanOrEqual(0);
      await page.screenshot({ path: artifactPath('phone-login.png'), fullPage: true });

      await signIn(page, server.adminKey);
      const views = await navigationViews(page);
      expect(views.length).toBeGreaterThanOrEqual(5);
      for (const view of views) {
        await openViewWithRows(page, view);
        expect(await overflow(page), `${view} scrolls sideways`).toBeLessThanOrEqual(0);
        await page.screenshot({ path: artifactPath(`phone-${view}.png`), fullPage: true });
      }
      await expect
        .poll(() => page.locator('#people-view').textContent())
        .toContain('Maximiliana Wilhelmina Featherstonehaugh-Cholmondeley');

      const kiosk = await browser.context.newPage();
      await kiosk.setViewportSize(PHONE);
      await kiosk.goto(`${base}/kiosk`);
      await kiosk.waitForSelector('#setup:not([hidden])');
      expect(await overflow(kiosk), 'kiosk setup scrolls sideways').toBeLessThanOrEqual(0);
      await kiosk.screenshot({ path: artifactPath('phone-kiosk-setup.png'), fullPage: true });
    },
  );
});
