import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../support/api-keys.js';
import { randomUnitVector } from '../support/embeddings.js';
import { enrollPerson, type TestServer } from '../support/test-server.js';
import { artifactPath } from './support/artifacts.js';
import { dashboardInChromium } from './support/dashboard-in-chromium.js';
import { adminApi, signInWithAdminKey } from './support/dashboard-pages.js';

const MODEL = 'browser-test-512';
const EVERY_DAY = [1, 2, 3, 4, 5, 6, 7];

/**
 * A fixed-offset zone where it is about 10:00 now, so "not yet in" (work starts 14:00) and "absent" (an
 * early shift that started 06:00) hold whenever the test runs. The offset is kept within the zones that
 * exist (UTC−12 … UTC+14): at 23:xx UTC it is 10:00 tomorrow in UTC+11, not today in UTC−13.
 */
function zoneAtTenInTheMorning(): string {
  const offset = ((((10 - new Date().getUTCHours() + 12) % 24) + 24) % 24) - 12;
  return offset >= 0 ? `Etc/GMT-${String(offset)}` : `Etc/GMT+${String(-offset)}`;
}

/** Today's board in the real dashboard: states by schedule, and a person moving to "Present" live. */
describe('dashboard in Chromium: today’s board', () => {
  let page: Page;
  let edgeKey: string;
  const faces = {
    margaret: randomUnitVector(512),
    nadia: randomUnitVector(512),
    oscar: randomUnitVector(512),
  };

  const api = adminApi(() => dashboard.server);
  const column = (state: string) => page.locator(`#board [data-state=${state}]`);

  const dashboard = dashboardInChromium({
    env: { ATTENDANCE_TIMEZONE: zoneAtTenInTheMorning() },
    seed: async (server) => {
      edgeKey = (await createApiKey(server, 'edge', 'door')).key;
      const office = await api<{ id: string }>('POST', '/v1/groups', {
        name: 'Office',
        schedule: { work_days: EVERY_DAY, start: '14:00', end: '18:00', grace_minutes: 5 },
      });
      const early = await api<{ id: string }>('POST', '/v1/groups', {
        name: 'Early shift',
        schedule: { work_days: EVERY_DAY, start: '06:00', end: '09:00', grace_minutes: 5 },
      });
      const members: [string, number[], string][] = [
        ['Margaret Board', faces.margaret, office.id],
        ['Nadia Board', faces.nadia, office.id],
        ['Oscar Board', faces.oscar, early.id],
      ];
      for (const [name, face, group] of members) {
        const person = await enrollPerson(server, name, [face], MODEL);
        await api('PUT', `/v1/groups/${group}/members/${person}`);
      }
    },
  });
  let server: TestServer;
  beforeAll(async () => {
    server = dashboard.server;
    page = await dashboard.browser.context.newPage();
  });

  it('shows who is not yet in and absent, and moves a person to Present when identified, without reload', async () => {
    await signInWithAdminKey(page, server);
    await page.click('#nav button[data-view=board]');
    await column('not_yet_in').locator('li', { hasText: 'Margaret Board' }).waitFor();
    expect(await column('not_yet_in').locator('[data-count]').textContent()).toBe('2');
    await column('absent').locator('li', { hasText: 'Oscar Board' }).waitFor();
    expect(await column('present').locator('li').count()).toBe(0);
    await page.evaluate(() => Object.assign(globalThis, { notReloaded: true }));

    const identify = await server.app.inject({
      method: 'POST',
      url: '/v1/identify',
      headers: { 'x-api-key': edgeKey },
      payload: { camera_id: 'front-door', model: MODEL, faces: [{ embedding: faces.margaret }] },
    });
    expect(identify.json()).toMatchObject({ results: [{ status: 'recorded' }] });

    const arrived = column('present').locator('li', { hasText: 'Margaret Board' });
    await arrived.waitFor({ timeout: 15_000 });
    expect(await arrived.textContent()).toMatch(/in \d/);
    expect(await column('present').locator('[data-count]').textContent()).toBe('1');
    expect(await column('not_yet_in').locator('[data-count]').textContent()).toBe('1');
    expect(await column('not_yet_in').textContent()).toContain('Nadia Board');
    expect(await page.evaluate(() => (globalThis as { notReloaded?: boolean }).notReloaded)).toBe(true);
    await page.screenshot({ path: artifactPath('attendance-board.png'), fullPage: true });

    // One group at a time: the early shift alone.
    await page.selectOption('#board-view select[name=group_id]', { label: 'Early shift' });
    await expect.poll(() => column('absent').locator('[data-count]').textContent()).toBe('1');
    expect(await page.locator('#board').textContent()).not.toContain('Margaret Board');
  }, 180_000);
});
