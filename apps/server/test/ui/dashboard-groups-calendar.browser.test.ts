import type { Group } from '@attendance/protocol';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { randomUnitVector, seededRandom } from '../support/embeddings.js';
import { enrollPerson } from '../support/test-server.js';
import { artifactPath } from './support/artifacts.js';
import { dashboardInChromium } from './support/dashboard-in-chromium.js';
import { adminApi, openView, signInWithAdminKey } from './support/dashboard-pages.js';

const VIEWER = { username: 'vic.viewer', password: 'a long viewer password' };

/**
 * The Groups and the Holidays & leave pages in Chromium: an admin makes a group with a schedule, edits it,
 * marks today a holiday and records leave; the Days page then shows the group's member on holiday today.
 * In Spanish the pages change language; a viewer sees the lists without a control.
 */
describe('dashboard in Chromium: groups, schedules, holidays and leave', () => {
  let personId: string;
  const dashboard = dashboardInChromium({
    env: { MODELS_DIR: '../shared/models', PASSWORD_HASH_COST: '14' },
    seed: async (server) => {
      personId = await enrollPerson(server, 'Hana Member', [randomUnitVector(512, seededRandom(5))]);
      await api('POST', '/v1/accounts', { ...VIEWER, role: 'viewer' });
    },
  });
  let page: Page;
  beforeAll(async () => {
    page = await dashboard.browser.context.newPage();
    await signInWithAdminKey(page, dashboard.server);
  });

  const api = adminApi(() => dashboard.server);
  const open = (view: string) => openView(page, view);

  it('creates a group with a schedule and edits its grace minutes', { timeout: 120_000 }, async () => {
    await open('groups');
    const form = page.locator('#group-form');
    await form.locator('input[name=name]').fill('Front desk');
    // Monday to Friday are ticked by default; this desk works every day.
    await form.locator('input[name=work_days][value="6"]').check();
    await form.locator('input[name=work_days][value="7"]').check();
    await form.locator('input[name=start]').fill('08:30');
    await form.locator('input[name=end]').fill('16:30');
    await form.locator('input[name=grace_minutes]').fill('10');
    // The zone starts at the installation's, with every zone the browser knows suggested.
    const zone = form.locator('input[name=time_zone]');
    expect(await zone.inputValue()).toBe(dashboard.server.config.attendanceTimeZone);
    const listId = (await zone.getAttribute('list')) ?? '';
    expect(await page.locator(`datalist#${listId} option[value="Asia/Tokyo"]`).count()).toBe(1);
    await form.locator('button[type=submit]').click();
    const row = page.locator('#groups-table tr[data-group="Front desk"]');
    await row.waitFor();
    expect(await row.textContent()).toContain('08:30–16:30');

    await row.locator('button[name=edit]').click();
    await page.fill('#group-edit-form input[name=grace_minutes]', '15');
    await page.click('#group-edit-form button[type=submit]');
    await page.locator('#groups-view .notice', { hasText: 'Front desk saved' }).waitFor();
    const [group] = (await api<{ items: Group[] }>('GET', '/v1/groups')).items;
    expect(group).toMatchObject({
      name: 'Front desk',
      // Left at the installation's zone: none of its own, so it follows ATTENDANCE_TIMEZONE.
      schedule: {
        work_days: [1, 2, 3, 4, 5, 6, 7],
        start: '08:30',
        end: '16:30',
        grace_minutes: 15,
        time_zone: null,
      },
    });
    await api('PUT', `/v1/groups/${group?.id ?? ''}/members/${personId}`, {});
    await open('live');
    await open('groups');
    expect(await page.locator('#groups-table tr[data-group="Front desk"] td').nth(1).textContent()).toBe('1');
    await page.screenshot({ path: artifactPath('dashboard-groups.png'), fullPage: true });
  });

  it(
    'gives a group a schedule in another time zone and refuses an unknown one',
    { timeout: 120_000 },
    async () => {
      await open('groups');
      const form = page.locator('#group-form');
      await form.locator('input[name=name]').fill('Tokyo desk');
      await form.locator('input[name=time_zone]').fill('Asia/Tokyo');
      await form.locator('button[type=submit]').click();
      const row = page.locator('#groups-table tr[data-group="Tokyo desk"]');
      await row.waitFor();
      expect(await row.textContent()).toContain('Asia/Tokyo');
      const groups = (await api<{ items: Group[] }>('GET', '/v1/groups')).items;
      const tokyo = groups.find((group) => group.name === 'Tokyo desk');
      expect(tokyo?.schedule).toMatchObject({ start: '09:00', end: '17:00', time_zone: 'Asia/Tokyo' });

      await row.locator('button[name=edit]').click();
      const dialog = page.locator('#group-edit-form');
      expect(await dialog.locator('input[name=time_zone]').inputValue()).toBe('Asia/Tokyo');
      const zoneField = dialog.locator('input[name=time_zone]');
      await zoneField.fill('Mars/Olympus');
      await dialog.locator('button[type=submit]').click();
      // The field says so before anything is sent; the dialog stays open.
      expect(
        await zoneField.evaluate((field) => (field as { validationMessage: string }).validationMessage),
      ).toContain('Unknown time zone');
      await dialog.locator('button', { hasText: 'Cancel' }).click();
      await dialog.waitFor({ state: 'detached' });
      const after = (await api<{ items: Group[] }>('GET', '/v1/groups')).items;
      expect(after.find((group) => group.name === 'Tokyo desk')?.schedule?.time_zone).toBe('Asia/Tokyo');
      const removed = await dashboard.server.app.inject({
        method: 'DELETE',
        url: `/v1/groups/${tokyo?.id ?? ''}`,
        headers: { 'x-api-key': dashboard.server.adminKey },
      });
      expect(removed.statusCode).toBe(204);
    },
  );

  it(
    'marks today a holiday and records leave; the Days page shows the member on holiday',
    { timeout: 120_000 },
    async () => {
      await open('calendar');
      const holidayForm = page.locator('#holiday-form');
      // The form starts at today in the installation's time zone.
      const today = await holidayForm.locator('input[name=day]').inputValue();
      expect(today).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      await holidayForm.locator('input[name=name]').fill('Founders Day');
      await holidayForm.locator('button[type=submit]').click();
      await page.locator(`#holidays-table tr[data-day="${today}"]`, { hasText: 'Founders Day' }).waitFor();

      const leaveForm = page.locator('#leave-form');
      await leaveForm.locator('input[name=from]').fill('2030-02-04');
      await leaveForm.locator('input[name=to]').fill('2030-02-08');
      await leaveForm.locator('input[name=reason]').fill('Family trip');
      await leaveForm.locator('button[type=submit]').click();
      const leaveRow = page.locator('#leave-table tr', { hasText: 'Family trip' });
      await leaveRow.waitFor();
      const leave = await api<{ items: { from: string; to: string; reason: string }[] }>(
        'GET',
        `/v1/people/${personId}/leave`,
      );
      expect(leave.items).toMatchObject([{ from: '2030-02-04', to: '2030-02-08', reason: 'Family trip' }]);

      // A leave whose end is before its start: the server's message, nothing stored.
      await leaveForm.locator('input[name=from]').fill('2030-03-10');
      await leaveForm.locator('input[name=to]').fill('2030-03-01');
      await leaveForm.locator('button[type=submit]').click();
      await page.locator('#calendar-view .error').waitFor();
      expect((await api<{ items: unknown[] }>('GET', `/v1/people/${personId}/leave`)).items).toHaveLength(1);
      await page.screenshot({ path: artifactPath('dashboard-calendar.png'), fullPage: true });

      await open('days');
      const day = page.locator(`#days-table tr[data-date="${today}"]`);
      await day.waitFor();
      expect(await day.getAttribute('data-status')).toBe('holiday');
      const days = await api<{ items: { date: string; status: string }[] }>(
        'GET',
        `/v1/attendance/days?person_id=${personId}&from=${today}&to=${today}`,
      );
      expect(days.items).toMatchObject([{ date: today, status: 'holiday' }]);

      await open('calendar');
      page.once('dialog', (dialog) => void dialog.accept());
      await page
        .locator('#leave-table tr', { hasText: 'Family trip' })
        .locator('button[name=remove]')
        .click();
      await page.locator('#leave-table', { hasText: 'No leave recorded' }).waitFor();
    },
  );

  it('switches the new pages to Spanish', { timeout: 60_000 }, async () => {
    await page.selectOption('select[name=language]', 'es');
    expect(await page.locator('#calendar-view h2').textContent()).toBe('Festivos y ausencias');
    expect(await page.locator('#nav button[data-view=calendar]').textContent()).toBe('Festivos y ausencias');
    await open('groups');
    expect(await page.locator('#groups-view h2').textContent()).toBe('Grupos y horarios');
    expect(await page.locator('#groups-view').textContent()).toContain('min de margen');
    expect(await page.locator('#group-form').textContent()).toContain('Zona horaria');
    await page.selectOption('select[name=language]', 'en');
    expect(await page.locator('#groups-view h2').textContent()).toBe('Groups and schedules');
  });

  it('shows a viewer the groups and holidays without any control', { timeout: 120_000 }, async () => {
    await page.click('#logout');
    await page.waitForSelector('#password-form');
    await page.fill('#password-form input[name=username]', VIEWER.username);
    await page.fill('#password-form input[name=password]', VIEWER.password);
    await page.click('#password-form button[type=submit]');
    await page.waitForSelector('#live-state.live');
    expect(await page.locator('#nav button[data-view=webhooks]').isVisible()).toBe(false);
    await open('groups');
    await page.locator('#groups-table tr[data-group="Front desk"]').waitFor();
    expect(await page.locator('#groups-view form, #groups-view button').count()).toBe(0);
    await open('calendar');
    await page.locator('#holidays-table', { hasText: 'Founders Day' }).waitFor();
    expect(await page.locator('#calendar-view form, #calendar-view button').count()).toBe(0);
  });
});
