import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { BUILTIN_PACKS, DEFAULT_PACK } from '@attendance/models';
import type { Person, Template } from '@attendance/protocol';
import type { TestServer } from '../support/test-server.js';
import { artifactPath, lfwPhoto } from './support/artifacts.js';
import { dashboardInChromium } from './support/dashboard-in-chromium.js';
import { signInWithAdminKey } from './support/dashboard-pages.js';

/** People management in the real dashboard, with faces enrolled from photos embedded inside the browser. */
describe('dashboard in Chromium: people and photo enrollment', () => {
  const dashboard = dashboardInChromium({ env: { MODELS_DIR: '../shared/models' } });
  let server: TestServer;
  let page: Page;
  const uploads: string[] = [];

  beforeAll(async () => {
    server = dashboard.server;
    page = await dashboard.browser.context.newPage();
    page.on('dialog', (dialog) => void dialog.accept());
    page.on('request', (request) => {
      const body = request.postDataBuffer();
      if (body) uploads.push(body.toString('latin1'));
    });
    await signInWithAdminKey(page, server);
    await page.click('#nav button[data-view=people]');
  });

  const row = (name: string) => page.locator('#people-view tbody tr', { hasText: name });
  const people = async () =>
    (
      await server.app.inject({ method: 'GET', url: '/v1/people', headers: { 'x-api-key': server.adminKey } })
    ).json<{ items: Person[] }>().items;

  it('adds, searches, edits and deactivates a person', async () => {
    await page.click('#people-view button:has-text("Add person")');
    await page.fill('dialog input[name=name]', 'Norah Test');
    await page.fill('dialog input[name=external_id]', 'EMP-7');
    await page.click('dialog button[type=submit]');
    await row('Norah Test').waitFor();
    await page.click('#people-view button:has-text("Add person")');
    await page.fill('dialog input[name=name]', 'Someone Else');
    await page.click('dialog button[type=submit]');
    await row('Someone Else').waitFor();

    await page.fill('#people-view input[name=q]', 'Norah');
    await expect.poll(() => page.locator('#people-view tbody tr').count()).toBe(1);
    await page.fill('#people-view input[name=q]', '');
    await expect.poll(() => page.locator('#people-view tbody tr').count()).toBe(2);

    await row('Norah Test').locator('button:has-text("Edit")').click();
    await page.fill('dialog input[name=name]', 'Norah Jones');
    await page.click('dialog button[type=submit]');
    await row('Norah Jones').waitFor();
    expect((await people()).map((p) => p.name).sort()).toEqual(['Norah Jones', 'Someone Else']);

    await row('Someone Else').locator('button:has-text("Deactivate")').click();
    await expect
      .poll(async () => (await people()).find((p) => p.name === 'Someone Else')?.active)
      .toBe(false);
  });

  it(
    'enrolls faces computed in the browser from uploaded photos; the photos never leave it',
    { timeout: 180_000 },
    async () => {
      const photos = [lfwPhoto('Norah_Jones', 1), lfwPhoto('Norah_Jones', 2), lfwPhoto('Norah_Jones', 3)];
      await row('Norah Jones').locator('button:has-text("Enroll photos")').click();
      await page.setInputFiles('dialog input[type=file]', photos);
      await page.click('dialog button[type=submit]');
      await page.locator('dialog li', { hasText: 'Enrolled 3 face(s).' }).waitFor({ timeout: 90_000 });
      await page.screenshot({ path: artifactPath('dashboard-enroll.png') });
      await page.click('dialog button:has-text("Close")');
      await expect.poll(() => row('Norah Jones').locator('[data-faces]').textContent()).toBe('3');

      const person = (await people()).find((p) => p.name === 'Norah Jones');
      const templates = await server.app.inject({
        method: 'GET',
        url: `/v1/people/${person?.id ?? ''}/templates`,
        headers: { 'x-api-key': server.adminKey },
      });
      const items = templates.json<{ items: Template[] }>().items;
      expect(items).toHaveLength(3);
      // The browser embeds with the server's pack: the default one here.
      const pack = BUILTIN_PACKS[DEFAULT_PACK];
      expect(items.map((t) => t.model)).toEqual(
        items.map(() => (pack.source === 'local' ? pack.recognizerModelId : '')),
      );
      // JPEG bytes start with FF D8 FF; no request body carried one.
      expect(uploads.some((body) => body.includes('\xff\xd8\xff'))).toBe(false);
    },
  );

  it('refuses a photo with no face and explains why', { timeout: 120_000 }, async () => {
    await row('Norah Jones').locator('button:has-text("Enroll photos")').click();
    // A plain grey picture, drawn by the browser itself: a valid image with no face in it.
    // (A string expression: the server tests are compiled without DOM types.)
    const blankPng = await page.evaluate<string>(`(() => {
      const canvas = document.createElement('canvas');
      canvas.width = 320;
      canvas.height = 240;
      const context = canvas.getContext('2d');
      context.fillStyle = '#888';
      context.fillRect(0, 0, 320, 240);
      return canvas.toDataURL('image/png').split(',')[1];
    })()`);
    await page.setInputFiles('dialog input[type=file]', {
      name: 'blank.png',
      mimeType: 'image/png',
      buffer: Buffer.from(blankPng, 'base64'),
    });
    await page.click('dialog button[type=submit]');
    await page.locator('dialog li', { hasText: 'blank.png: no face found' }).waitFor({ timeout: 60_000 });
    await page.click('dialog button:has-text("Close")');
  });

  it('erases a person after confirmation', async () => {
    await row('Someone Else').locator('button:has-text("Erase")').click();
    await row('Someone Else').waitFor({ state: 'detached' });
    expect((await people()).map((p) => p.name)).toEqual(['Norah Jones']);
  });
});
