import type { Camera } from '@attendance/protocol';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { randomUnitVector, seededRandom } from '../support/embeddings.js';
import { enrollPerson, identifyFace, type TestServer } from '../support/test-server.js';
import { artifactPath } from './support/artifacts.js';
import { dashboardInChromium } from './support/dashboard-in-chromium.js';
import { adminApi, openView, signInWithAdminKey } from './support/dashboard-pages.js';

const VIEWER = { username: 'vera.viewer', password: 'a long viewer password' };

/**
 * The dashboard's management pages in Chromium, signed in as admin: a camera's door role and liveness
 * policy, a pairing code and the device it pairs, an API key shown once, accounts. Then a viewer: no admin
 * page or control, their own password change, and the API refuses an admin change anyway.
 */
describe('dashboard in Chromium: management pages', () => {
  const dashboard = dashboardInChromium({
    env: { MODELS_DIR: '../shared/models', PASSWORD_HASH_COST: '14' },
    seed: async (server) => {
      const embedding = randomUnitVector(512, seededRandom(3));
      await enrollPerson(server, 'Ada Door', [embedding]);
      await identifyFace(server, embedding, { cameraId: 'door-a' });
      await api('POST', '/v1/accounts', { ...VIEWER, role: 'viewer' });
    },
  });
  let server: TestServer;
  let page: Page;
  beforeAll(async () => {
    server = dashboard.server;
    page = await dashboard.browser.context.newPage();
  });

  const api = adminApi(() => dashboard.server);
  const open = (view: string) => openView(page, view);

  it(
    'lets an admin name a camera, set its location, door role and liveness policy',
    { timeout: 120_000 },
    async () => {
      await signInWithAdminKey(page, server);
      await open('cameras');
      const row = page.locator('#cameras-table tr[data-camera="door-a"]');
      await row.waitFor();
      expect(await row.locator('td[data-last-frame]').getAttribute('data-last-frame')).toBeTruthy();
      await row.locator('input[name=name]').fill('  Staff door ');
      await row.locator('input[name=location]').fill('Building A, ground floor');
      await row.locator('select[name=role]').selectOption('exit');
      await row.locator('select[name=liveness]').selectOption('enforce');
      await row.locator('input[name=threshold]').fill('0.7');
      await row.locator('input[name=require_challenge]').check();
      await row.locator('button.primary').click();
      await page.locator('#cameras-view .notice', { hasText: 'door-a' }).waitFor();
      await page.screenshot({ path: artifactPath('dashboard-cameras.png'), fullPage: true });

      const camera = (await api<{ items: Camera[] }>('GET', '/v1/cameras')).items.find(
        (c) => c.id === 'door-a',
      );
      expect(camera).toMatchObject({
        name: 'Staff door',
        location: 'Building A, ground floor',
        role: 'exit',
      });
      expect(camera?.liveness).toMatchObject({
        mode: 'enforce',
        threshold: 0.7,
        require_challenge: true,
        explicit: true,
      });
      // Saved again with the name emptied: the name is cleared, the rest stays.
      await row.locator('input[name=name]').fill('');
      await row.locator('button.primary').click();
      await expect
        .poll(async () =>
          (await api<{ items: Camera[] }>('GET', '/v1/cameras')).items.find((c) => c.id === 'door-a'),
        )
        .toMatchObject({ name: null, location: 'Building A, ground floor', role: 'exit' });
    },
  );

  it(
    'pairs a device with a code made on the Devices page, lists it and revokes it',
    { timeout: 120_000 },
    async () => {
      await open('devices');
      await page.fill('#pairing-form input[name=camera_id]', 'door-b');
      await page.click('#pairing-form button[type=submit]');
      const code = await page.locator('#pairing-code [data-secret]').getAttribute('data-secret');
      expect(code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/);
      expect(await page.locator('#pairing-code').textContent()).toContain('door-b');
      await page.locator('#pending-codes-table', { hasText: 'door-b' }).waitFor();

      const paired = await server.app.inject({
        method: 'POST',
        url: '/v1/devices/pair',
        payload: { code, name: 'Door B tablet', model: 'Tablet 10', version: '2.1.0' },
      });
      expect(paired.statusCode, paired.body).toBe(201);
      await open('live');
      await open('devices');
      const row = page.locator('#devices-table tr', { hasText: 'Door B tablet' });
      await row.waitFor();
      expect(await row.textContent()).toContain('Tablet 10');
      expect(await row.textContent()).toContain('2.1.0');
      page.once('dialog', (dialog) => void dialog.accept());
      await row.locator('button.danger').click();
      await page.locator('#devices-view .notice', { hasText: 'Door B tablet' }).waitFor();
      const devices = await api<{ items: { name: string; revoked_at: string | null }[] }>(
        'GET',
        '/v1/devices',
      );
      expect(devices.items.find((device) => device.name === 'Door B tablet')?.revoked_at).toBeTruthy();
    },
  );

  it(
    'creates an API key (a past expiry refused before asking the server), shows it once, revokes it',
    { timeout: 120_000 },
    async () => {
      await open('keys');
      const form = page.locator('#key-form');
      await form.locator('input[name=name]').fill('side door');
      await form.locator('select[name=scope]').selectOption('edge');
      await form.locator('input[name=camera_id]').fill('side-door');
      await form.locator('input[name=expires]').fill('2020-01-01T10:00');
      const requests: string[] = [];
      page.on('request', (request) => {
        if (request.method() === 'POST' && request.url().endsWith('/v1/api-keys')) {
          requests.push(request.url());
        }
      });
      await form.locator('button[type=submit]').click();
      await page.locator('#keys-view .error', { hasText: 'past' }).waitFor();
      expect(requests).toHaveLength(0);

      await form.locator('input[name=expires]').fill(`${new Date().getFullYear() + 1}-06-01T10:00`);
      await form.locator('button[type=submit]').click();
      const secret = await page.locator('#key-secret [data-secret]').getAttribute('data-secret');
      expect(secret).toMatch(/^sa_/);
      const row = page.locator('#api-keys-table tr', { hasText: 'side door' });
      await row.waitFor();
      expect(await row.textContent()).toContain('side-door');
      expect(await row.textContent()).not.toContain(secret ?? '');
      const identify = (cameraId: string) =>
        server.app.inject({
          method: 'POST',
          url: '/v1/identify',
          headers: { 'x-api-key': secret ?? '' },
          payload: {
            camera_id: cameraId,
            model: 'default-512',
            faces: [{ embedding: randomUnitVector(512, seededRandom(9)) }],
          },
        });
      expect((await identify('side-door')).statusCode).toBe(200);
      expect((await identify('door-a')).statusCode).toBe(403);

      page.once('dialog', (dialog) => void dialog.accept());
      await row.locator('button.danger').click();
      await page.locator('#api-keys-table tr[data-state=revoked]', { hasText: 'side door' }).waitFor();
      expect((await identify('side-door')).statusCode).toBe(401);
      await page.screenshot({ path: artifactPath('dashboard-keys.png'), fullPage: true });
    },
  );

  it(
    'pages through more than 200 people, searches on the server, assigns a group and reactivates',
    { timeout: 180_000 },
    async () => {
      for (let index = 1; index <= 230; index++) {
        await api('POST', '/v1/people', { name: `Crowd ${String(index).padStart(3, '0')}` });
      }
      const group = await api<{ id: string }>('POST', '/v1/groups', { name: 'Night shift' });
      const ada = (await api<{ items: { id: string }[] }>('GET', '/v1/people?q=Ada')).items[0];
      await api('POST', `/v1/people/${ada?.id ?? ''}/deactivate`);
      await open('people');
      const pager = page.locator('#people-view .pager');
      await expect.poll(() => pager.getAttribute('data-total')).toBe('231');
      expect(await pager.textContent()).toContain('1–50 of 231');
      for (let pageIndex = 1; pageIndex < 5; pageIndex++) {
        await pager.locator('button[name=next]').click();
        await expect.poll(() => pager.getAttribute('data-offset')).toBe(String(pageIndex * 50));
      }
      expect(await pager.textContent()).toContain('201–231 of 231');
      expect(await pager.locator('button[name=next]').isDisabled()).toBe(true);
      expect(await page.locator('#people-view tbody tr').count()).toBe(31);

      await page.fill('#people-view input[name=q]', 'Crowd 22');
      await expect.poll(() => pager.getAttribute('data-total')).toBe('10');
      expect(await pager.getAttribute('data-offset')).toBe('0');

      await page.fill('#people-view input[name=q]', 'Ada');
      const row = page.locator('#people-view tbody tr', { hasText: 'Ada Door' });
      await expect.poll(() => pager.getAttribute('data-total')).toBe('1');
      await row.locator('select[name=add-group]').selectOption(group.id);
      await row.locator('[data-group="Night shift"]').waitFor();
      const members = await api<{ member_ids: string[] }>('GET', `/v1/groups/${group.id}`);
      expect(members.member_ids).toEqual([ada?.id]);
      await row.locator('button', { hasText: 'Reactivate' }).click();
      await row.locator('button', { hasText: 'Deactivate' }).waitFor();
      const person = await api<{ active: boolean }>('GET', `/v1/people/${ada?.id ?? ''}`);
      expect(person.active).toBe(true);
      await page.screenshot({ path: artifactPath('dashboard-people-groups.png'), fullPage: true });
    },
  );

  it(
    'creates an account, changes its role, resets its password, disables and deletes it',
    { timeout: 120_000 },
    async () => {
      await open('accounts');
      expect(await page.locator('#accounts-view').textContent()).toContain('API key');
      const form = page.locator('#account-form');
      await form.locator('input[name=username]').fill('otto.operator');
      await form.locator('input[name=password]').fill('first password here');
      await form.locator('select[name=role]').selectOption('operator');
      await form.locator('button[type=submit]').click();
      const row = page.locator('#accounts-table tr[data-account="otto.operator"]');
      await row.waitFor();
      await row.locator('select[name=role]').selectOption('viewer');
      await page.locator('#accounts-view .notice', { hasText: 'otto.operator' }).waitFor();
      await row.locator('button[name=reset]').click();
      await page.fill('#reset-form input[name=password]', 'second password here');
      await page.click('#reset-form button[type=submit]');
      await page
        .locator('#accounts-view .notice', { hasText: 'New password set for otto.operator' })
        .waitFor();
      const signIn = async (password: string) =>
        (
          await fetch(`${server.baseUrl ?? ''}/ui/api/session`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', origin: server.baseUrl ?? '' },
            body: JSON.stringify({ username: 'otto.operator', password }),
          })
        ).status;
      expect(await signIn('first password here')).toBe(401);
      expect(await signIn('second password here')).toBe(200);
      await row.locator('button[name=toggle]').click();
      await page
        .locator('#accounts-table tr[data-account="otto.operator"] button[name=toggle]:not(.danger)')
        .waitFor();
      const accounts = await api<{ items: { username: string; role: string; disabled: boolean }[] }>(
        'GET',
        '/v1/accounts',
      );
      expect(accounts.items.find((account) => account.username === 'otto.operator')).toMatchObject({
        role: 'viewer',
        disabled: true,
      });
      await page.screenshot({ path: artifactPath('dashboard-accounts.png'), fullPage: true });
      // Deleted after a confirmation: the row goes, and so does the account.
      page.once('dialog', (dialog) => void dialog.accept());
      await row.locator('button[name=delete]').click();
      await row.waitFor({ state: 'detached' });
      const left = await api<{ items: { username: string }[] }>('GET', '/v1/accounts');
      expect(left.items.map((account) => account.username)).not.toContain('otto.operator');
      await page.click('#logout');
      await page.waitForSelector('#password-form');
    },
  );

  it(
    'shows a viewer no admin page or control, and the API refuses a viewer anyway',
    { timeout: 120_000 },
    async () => {
      await page.fill('#password-form input[name=username]', VIEWER.username);
      await page.fill('#password-form input[name=password]', VIEWER.password);
      await page.click('#password-form button[type=submit]');
      await page.waitForSelector('#live-state.live');
      await open('cameras');
      const row = page.locator('#cameras-table tr[data-camera="door-a"]');
      await row.waitFor();
      expect(await row.textContent()).toContain('exit');
      expect(
        await page.locator('#cameras-view select, #cameras-view input, #cameras-view button').count(),
      ).toBe(0);

      for (const view of ['devices', 'keys']) {
        expect(await page.locator(`#nav button[data-view=${view}]`).isVisible()).toBe(false);
      }
      await open('accounts');
      await page.locator('#own-password-form').waitFor();
      expect(await page.locator('#account-form, #accounts-table').count()).toBe(0);
      await page.fill('#own-password-form input[name=current_password]', VIEWER.password);
      await page.fill('#own-password-form input[name=new_password]', 'a newer viewer password');
      await page.click('#own-password-form button[type=submit]');
      await page.locator('#accounts-view .notice', { hasText: 'Password changed' }).waitFor();

      const status = await page.evaluate(async () => {
        const session = (await (await fetch('/ui/api/session')).json()) as { csrf_token: string };
        const response = await fetch('/v1/cameras/door-a/role', {
          method: 'PUT',
          headers: { 'content-type': 'application/json', 'x-csrf-token': session.csrf_token },
          body: JSON.stringify({ role: 'entry' }),
        });
        return response.status;
      });
      expect(status).toBe(403);
      const camera = (await api<{ items: Camera[] }>('GET', '/v1/cameras')).items.find(
        (c) => c.id === 'door-a',
      );
      expect(camera?.role).toBe('exit');
    },
  );
});
