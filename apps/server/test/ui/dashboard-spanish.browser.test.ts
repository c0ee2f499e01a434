import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { createApiKey } from '../support/api-keys.js';
import { randomUnitVector, seededRandom } from '../support/embeddings.js';
import { enrollPerson, identifyFace } from '../support/test-server.js';
import { artifactPath } from './support/artifacts.js';
import { dashboardInChromium } from './support/dashboard-in-chromium.js';
import { adminApi, navigationViews, openViewWithRows, signIn } from './support/dashboard-pages.js';
import { SAME_IN_BOTH, VISIBLE_TEXTS } from './support/visible-texts.js';

/** The language checked against English: Spanish, or another one being added (`TEST_UI_LANGUAGE=fr`). */
const LANGUAGE = process.env.TEST_UI_LANGUAGE ?? 'es';

/** Dates and times follow the browser's locale, not the chosen language (docs/dashboard.md#languages). */
const DATE_OR_TIME = /^[\d\s/.,:-]+(AM|PM)?$/;

/** The English texts of a page still shown, unchanged, after switching it to Spanish. */
const untranslated = (english: string[], spanish: string[]) => {
  const shown = new Set(spanish);
  return [...new Set(english)].filter(
    (text) => /\p{L}/u.test(text) && !DATE_OR_TIME.test(text) && !SAME_IN_BOTH.has(text) && shown.has(text),
  );
};

/**
 * Every page of the dashboard (each one the navigation offers, so pages added later are walked too), the
 * sign-in card and the kiosk's setup screen, switched from English to Spanish: no English-only string may
 * stay. Each page has rows to show (a person, attendance, a spoof attempt, a named camera).
 */
describe('dashboard in Chromium: every page in Spanish', () => {
  const dashboard = dashboardInChromium({
    env: { MODELS_DIR: '../shared/models' },
    seed: async (server) => {
      const embedding = randomUnitVector(512, seededRandom(11));
      await enrollPerson(server, 'Grace Hopper', [embedding]);
      await identifyFace(server, embedding, { cameraId: 'door-es' });
      await identifyFace(server, randomUnitVector(512, seededRandom(12)), { cameraId: 'door-es' });
      const api = adminApi(() => server);
      await api('PATCH', '/v1/cameras/door-es', { name: 'Front door', location: 'Lobby' });
      await api('PUT', '/v1/cameras/door-es/liveness', { mode: 'warn' });
      const edgeKey = (await createApiKey(server, 'edge', 'door-es-edge')).key;
      const spoof = await server.app.inject({
        method: 'POST',
        url: '/v1/spoof-events',
        headers: { 'x-api-key': edgeKey },
        payload: {
          camera_id: 'door-es',
          mode: 'warn',
          score: 0.1,
          reason: 'passive_spoof',
          idempotency_key: 'es-spoof-1',
        },
      });
      expect(spoof.statusCode, spoof.body).toBe(201);
    },
  });

  /** The page's texts in English, then in Spanish (screenshot kept), then back to English. */
  const bothLanguages = async (page: Page, name: string) => {
    await page.waitForLoadState('networkidle').catch(() => undefined);
    const english = await page.evaluate<string[]>(VISIBLE_TEXTS);
    await page.selectOption('select[name=language] >> visible=true', LANGUAGE);
    await expect.poll(() => page.evaluate<string>('document.documentElement.lang')).toBe(LANGUAGE);
    await page.waitForLoadState('networkidle').catch(() => undefined);
    const spanish = await page.evaluate<string[]>(VISIBLE_TEXTS);
    await page.screenshot({ path: artifactPath(`language-${LANGUAGE}-${name}.png`), fullPage: true });
    await page.selectOption('select[name=language] >> visible=true', 'en');
    await expect.poll(() => page.evaluate<string>('document.documentElement.lang')).toBe('en');
    return { english, spanish };
  };

  it('leaves no English-only string on any page', { timeout: 300_000 }, async () => {
    const { server, browser } = dashboard;
    const base = server.baseUrl ?? '';
    const page = await browser.context.newPage();
    await page.goto(`${base}/ui/`);
    await page.waitForSelector('#login-view:not([hidden])');
    const left: Record<string, string[]> = {};
    const check = async (name: string) => {
      const { english, spanish } = await bothLanguages(page, name);
      expect(english.filter((text) => /\p{L}/u.test(text)).length, `${name} shows no text`).toBeGreaterThan(
        1,
      );
      const englishOnly = untranslated(english, spanish);
      if (englishOnly.length > 0) left[name] = englishOnly;
    };
    await check('sign-in');

    await signIn(page, server.adminKey);
    await page.locator('#today-feed li').first().waitFor();
    const views = await navigationViews(page);
    expect(views.length).toBeGreaterThanOrEqual(12);
    for (const view of views) {
      // Each page shows its rows before its texts are read (a table header alone proves little).
      await openViewWithRows(page, view);
      await check(view);
    }

    const kiosk = await browser.context.newPage();
    await kiosk.goto(`${base}/kiosk`);
    await kiosk.waitForSelector('#setup:not([hidden])');
    const { english, spanish } = await bothLanguages(kiosk, 'kiosk-setup');
    const kioskLeft = untranslated(english, spanish);
    if (kioskLeft.length > 0) left['kiosk-setup'] = kioskLeft;

    expect(left).toEqual({});
  });
});
