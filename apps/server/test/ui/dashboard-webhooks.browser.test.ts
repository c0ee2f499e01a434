import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebhookReceiver, verifySignature, waitFor } from '../integrations/support/webhook-receiver.js';
import { randomUnitVector, seededRandom } from '../support/embeddings.js';
import { enrollPerson, identifyFace, type TestServer } from '../support/test-server.js';
import { artifactPath } from './support/artifacts.js';
import { dashboardInChromium } from './support/dashboard-in-chromium.js';
import { adminApi, openView, signInWithAdminKey } from './support/dashboard-pages.js';

/**
 * The Webhooks page in Chromium against a real local HTTP receiver: a metadata URL refused with a visible
 * reason, an endpoint made in the page (its secret shown once), an identify delivered and logged with its
 * 2xx, a redelivery that reaches the receiver with the same event id, then disable and delete.
 */
describe('dashboard in Chromium: webhooks page', () => {
  const dashboard = dashboardInChromium({
    env: {
      MODELS_DIR: '../shared/models',
      WEBHOOK_ALLOW_LOOPBACK: 'true',
      WEBHOOK_POLL_MS: '200',
      WEBHOOK_RETRY_INITIAL_SECONDS: '0.5',
    },
  });
  let server: TestServer;
  let page: Page;
  const receiver = new WebhookReceiver();

  const api = adminApi(() => server);
  const endpoints = async () =>
    (await api<{ items: { id: string; url: string; enabled: boolean }[] }>('GET', '/v1/webhooks')).items;

  beforeAll(async () => {
    await receiver.start();
    server = dashboard.server;
    page = await dashboard.browser.context.newPage();
    await signInWithAdminKey(page, server);
    await openView(page, 'webhooks');
    await page.waitForSelector('#webhook-form');
  });
  afterAll(() => receiver.stop());

  it('refuses a cloud metadata URL with a message that says why', { timeout: 60_000 }, async () => {
    await page.fill('#webhook-form input[name=url]', 'http://169.254.169.254/latest/meta-data/');
    await page.click('#webhook-form button[type=submit]');
    const error = page.locator('#webhooks-view .error', { hasText: 'refuses this URL' });
    await error.waitFor();
    expect(await error.textContent()).toContain('169.254.169.254 is a metadata address');
    expect(await endpoints()).toEqual([]);
    await page.screenshot({ path: artifactPath('dashboard-webhooks-refused.png'), fullPage: true });
  });

  it(
    'creates an endpoint, logs an identify’s 2xx delivery and redelivers it with the same event id',
    { timeout: 180_000 },
    async () => {
      await page.fill('#webhook-form input[name=url]', receiver.url);
      await page.check('#webhook-form input[name=events][value="attendance.recorded"]');
      await page.click('#webhook-form button[type=submit]');
      const secret = (await page.locator('#webhook-secret [data-secret]').getAttribute('data-secret')) ?? '';
      expect(secret).toMatch(/^whsec_/);
      const [endpoint] = await endpoints();
      const row = page.locator(`#webhooks-table tr[data-webhook="${endpoint?.id ?? ''}"]`);
      await row.waitFor();
      expect(await row.textContent()).toContain('attendance.recorded');
      expect(await page.locator('#webhooks-table').textContent()).not.toContain(secret);

      const face = randomUnitVector(512, seededRandom(21));
      await enrollPerson(server, 'Grace Hook', [face]);
      const identified = await identifyFace(server, face, { cameraId: 'door-hooks' });
      expect(identified.statusCode).toBe(200);
      expect(await waitFor(() => receiver.requests.length >= 1, 60_000)).toBe(true);
      const [first] = receiver.requests;
      const event = JSON.parse(first?.body ?? '{}') as { id: string; type: string };
      expect(event.type).toBe('attendance.recorded');
      expect(first && verifySignature(secret, first)).toBe(true);

      await row.locator('button[name=deliveries]').click();
      const log = page.locator('#webhook-deliveries');
      const delivery = log.locator(`tr[data-event-id="${event.id}"]`);
      // The worker marks the delivery done just after the receiver answers: reload until the log says so.
      await expect
        .poll(
          async () => {
            await log.locator('button[name=reload]').click();
            return delivery.getAttribute('data-status', { timeout: 10_000 }).catch(() => null);
          },
          { timeout: 60_000, interval: 1_000 },
        )
        .toBe('delivered');
      expect(Number(await delivery.getAttribute('data-status-code'))).toBeGreaterThanOrEqual(200);
      expect(Number(await delivery.getAttribute('data-status-code'))).toBeLessThan(300);
      expect(await delivery.textContent()).toContain('Delivered');
      await page.screenshot({ path: artifactPath('dashboard-webhooks-log.png'), fullPage: true });

      await delivery.locator('button[name=redeliver]').click();
      await page.locator('#webhooks-view .notice', { hasText: 'same event id' }).waitFor();
      expect(await waitFor(() => receiver.requests.length >= 2, 60_000)).toBe(true);
      const ids = receiver.requests.map((request) => (JSON.parse(request.body) as { id: string }).id);
      expect(ids).toEqual([event.id, event.id]);
      expect(receiver.requests[1]?.headers['webhook-id']).toBe(event.id);
    },
  );

  it('disables, then deletes an endpoint after confirmation', { timeout: 60_000 }, async () => {
    const [endpoint] = await endpoints();
    const row = page.locator(`#webhooks-table tr[data-webhook="${endpoint?.id ?? ''}"]`);
    await row.locator('button[name=toggle]').click();
    await page
      .locator(`#webhooks-table tr[data-webhook="${endpoint?.id ?? ''}"][data-enabled=false]`)
      .waitFor();
    expect((await endpoints())[0]?.enabled).toBe(false);

    page.once('dialog', (dialog) => void dialog.dismiss());
    await row.locator('button[name=delete]').click();
    expect(await endpoints()).toHaveLength(1);
    page.once('dialog', (dialog) => void dialog.accept());
    await row.locator('button[name=delete]').click();
    await page.locator('#webhooks-table', { hasText: 'No webhook endpoint yet' }).waitFor();
    expect(await endpoints()).toEqual([]);
  });
});
