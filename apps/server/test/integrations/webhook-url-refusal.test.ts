import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { WebhookReceiver, waitFor } from './support/webhook-receiver.js';

/**
 * The default policy (no loopback, no private networks), at creation and at delivery. Link-local and
 * metadata addresses stay refused even when an operator lists them in WEBHOOK_ALLOWED_HOSTS.
 */
describe('webhook URL policy', () => {
  let server: TestServer;
  const receiver = new WebhookReceiver();

  beforeAll(async () => {
    await receiver.start();
    server = await startTestServer({
      driver: 'pglite',
      env: {
        WEBHOOK_POLL_MS: '100',
        WEBHOOK_ALLOWED_HOSTS: '169.254.0.0/16,fe80::/10,metadata.google.internal',
      },
    });
  });

  afterAll(async () => {
    await server.close();
    await receiver.stop();
  });

  it.each([
    'http://169.254.169.254/latest/meta-data/',
    'http://[fd00:ec2::254]/latest/meta-data/',
    'http://metadata.google.internal/computeMetadata/v1/',
    'http://[fe80::1]/hook',
    'http://169.254.10.1/hook',
    'http://127.0.0.1:9/hook',
  ])('refuses %s at creation (422 webhook_url_refused)', async (url) => {
    const response = await server.app.inject({
      method: 'POST',
      url: '/v1/webhooks',
      headers: { 'x-api-key': server.adminKey },
      payload: { url },
    });
    expect(response.statusCode).toBe(422);
    expect(response.json()).toMatchObject({ error: { code: 'webhook_url_refused' } });
  });

  const deliveryError = async (url: string) => {
    // As if written while the policy allowed it, or by hand: delivery checks again and never connects.
    const { rows } = await server.db.query<{ id: string }>(
      `INSERT INTO webhook_endpoint (url, secret) VALUES ($1, 'whsec_x') RETURNING id`,
      [url],
    );
    const id = rows[0]?.id ?? '';
    const ping = await server.app.inject({
      method: 'POST',
      url: `/v1/webhooks/${id}/ping`,
      headers: { 'x-api-key': server.adminKey },
    });
    expect(ping.statusCode).toBe(202);
    const last = async () =>
      (
        await server.app.inject({
          method: 'GET',
          url: `/v1/webhooks/${id}/deliveries`,
          headers: { 'x-api-key': server.adminKey },
        })
      ).json<{ items: { status: string; last_error: string | null; attempts: number }[] }>().items[0];
    expect(
      await waitFor(
        async () => ((await last())?.attempts ?? 0) >= 1 && (await last())?.last_error !== null,
        30_000,
      ),
    ).toBe(true);
    expect((await last())?.status).toBe('pending');
    return (await last())?.last_error;
  };

  it('refuses at delivery an endpoint stored before the policy forbade it', async () => {
    expect(await deliveryError(receiver.url)).toMatch(/loopback/);
    expect(receiver.requests).toEqual([]);
  });

  it.each([
    ['http://169.254.169.254/latest/meta-data/', /metadata/],
    ['http://169.254.10.1/hook', /linkLocal/],
    ['http://[fe80::1]/hook', /linkLocal/],
    ['http://metadata.google.internal/computeMetadata/v1/', /metadata/],
  ])('refuses %s at delivery, whatever the allow-list says', async (url, reason) => {
    expect(await deliveryError(url)).toMatch(reason);
  });
});
