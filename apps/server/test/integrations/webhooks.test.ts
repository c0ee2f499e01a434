import { IntegrationEventSchema } from '@attendance/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUnitVector, seededRandom } from '../support/embeddings.js';
import { enrollPerson, identifyFace, startTestServer, type TestServer } from '../support/test-server.js';
import { WebhookReceiver, verifySignature, waitFor } from './support/webhook-receiver.js';

const FAST_RETRIES = {
  WEBHOOK_ALLOW_LOOPBACK: 'true',
  WEBHOOK_POLL_MS: '100',
  WEBHOOK_RETRY_INITIAL_SECONDS: '0.2',
  WEBHOOK_RETRY_MAX_SECONDS: '2',
  WEBHOOK_DEAD_AFTER_SECONDS: '4',
};

describe.each(['pglite', 'postgres'] as const)('webhooks (%s)', (driver) => {
  let server: TestServer;
  const receiver = new WebhookReceiver();
  const admin = () => ({ 'x-api-key': server.adminKey });

  beforeAll(async () => {
    await receiver.start();
    server = await startTestServer({ driver, env: FAST_RETRIES });
  });

  afterAll(async () => {
    await server.close();
    await receiver.stop();
  });

  const createEndpoint = async (url: string, events: string[] = []) => {
    const response = await server.app.inject({
      method: 'POST',
      url: '/v1/webhooks',
      headers: admin(),
      payload: { url, events },
    });
    expect(response.statusCode, response.body).toBe(201);
    return response.json<{ id: string; secret: string }>();
  };

  it('delivers person.created and attendance.recorded, signed, with the documented payloads', async () => {
    const endpoint = await createEndpoint(receiver.url);
    expect(endpoint.secret).toMatch(/^whsec_/);
    const listed = await server.app.inject({ method: 'GET', url: '/v1/webhooks', headers: admin() });
    expect(listed.body).not.toContain(endpoint.secret);

    const face = randomUnitVector(512, seededRandom(7));
    const personId = await enrollPerson(server, 'Ada Webhook', [face]);
    const identified = await identifyFace(server, face, { cameraId: 'door-hooks' });
    expect(identified.json<{ results: { status: string }[] }>().results[0]?.status).toBe('recorded');

    expect(await waitFor(() => receiver.requests.length >= 2, 30_000)).toBe(true);
    const events = receiver.requests.map((request) => IntegrationEventSchema.parse(JSON.parse(request.body)));
    expect(events.map((event) => event.type).sort()).toEqual(['attendance.recorded', 'person.created']);
    const recorded = events.find((event) => event.type === 'attendance.recorded');
    expect(recorded?.data).toMatchObject({
      person: { id: personId, name: 'Ada Webhook' },
      camera_id: 'door-hooks',
    });
    for (const request of receiver.requests) {
      expect(verifySignature(endpoint.secret, request)).toBe(true);
      expect(verifySignature(`${endpoint.secret}x`, request)).toBe(false);
      expect(request.headers['webhook-id']).toBe((JSON.parse(request.body) as { id: string }).id);
      expect(request.body).not.toMatch(/embedding|jpeg|image/i);
    }
    await server.app.inject({ method: 'DELETE', url: `/v1/webhooks/${endpoint.id}`, headers: admin() });
  });

  it('retries after a failure (honouring Retry-After), logs the attempts, and gives up as dead', async () => {
    receiver.requests.length = 0;
    let calls = 0;
    receiver.behaviour = () => (++calls === 1 ? { status: 503, retryAfter: '1' } : { status: 200 });
    const endpoint = await createEndpoint(receiver.url, ['webhook.ping']);
    const ping = await server.app.inject({
      method: 'POST',
      url: `/v1/webhooks/${endpoint.id}/ping`,
      headers: admin(),
    });
    expect(ping.statusCode).toBe(202);
    expect(await waitFor(() => receiver.requests.length >= 2, 30_000)).toBe(true);
    const [first, second] = receiver.requests;
    // Retry-After: 1 wins over the 0.2 s backoff.
    expect((second?.receivedAt ?? 0) - (first?.receivedAt ?? 0)).toBeGreaterThanOrEqual(900);
    expect(second?.headers['webhook-id']).toBe(first?.headers['webhook-id']);
    const log = async () =>
      (
        await server.app.inject({
          method: 'GET',
          url: `/v1/webhooks/${endpoint.id}/deliveries`,
          headers: admin(),
        })
      ).json<{
        items: { id: string; status: string; attempts: number; last_status_code: number | null }[];
      }>();
    expect(await waitFor(async () => (await log()).items[0]?.status === 'delivered', 10_000)).toBe(true);
    expect((await log()).items[0]).toMatchObject({ attempts: 2, last_status_code: 200 });

    // A receiver that always fails: dead after WEBHOOK_DEAD_AFTER_SECONDS, then redelivered by hand.
    receiver.behaviour = { status: 500 };
    const failing = await createEndpoint(receiver.url, ['webhook.ping']);
    await server.app.inject({ method: 'POST', url: `/v1/webhooks/${failing.id}/ping`, headers: admin() });
    const deadLog = async () =>
      (
        await server.app.inject({
          method: 'GET',
          url: `/v1/webhooks/${failing.id}/deliveries`,
          headers: admin(),
        })
      ).json<{
        items: { id: string; status: string; attempts: number; last_status_code: number | null }[];
      }>();
    expect(await waitFor(async () => (await deadLog()).items[0]?.status === 'dead', 30_000)).toBe(true);
    const dead = (await deadLog()).items[0];
    expect(dead?.last_status_code).toBe(500);
    expect(dead?.attempts).toBeGreaterThan(1);
    receiver.behaviour = { status: 204 };
    const before = receiver.requests.length;
    const redeliver = await server.app.inject({
      method: 'POST',
      url: `/v1/webhooks/${failing.id}/deliveries/${dead?.id ?? ''}/redeliver`,
      headers: admin(),
    });
    expect(redeliver.statusCode).toBe(202);
    expect(await waitFor(async () => (await deadLog()).items[0]?.status === 'delivered', 30_000)).toBe(true);
    expect(receiver.requests.length).toBe(before + 1);
  });

  it('sends an endpoint only the event types it subscribed to', async () => {
    receiver.requests.length = 0;
    receiver.behaviour = { status: 204 };
    const spoofOnly = new WebhookReceiver();
    await spoofOnly.start();
    try {
      await createEndpoint(spoofOnly.url, ['spoof.detected']);
      await enrollPerson(server, 'Not For Spoof Hooks', [randomUnitVector(512, seededRandom(8))]);
      const spoof = await server.app.inject({
        method: 'POST',
        url: '/v1/spoof-events',
        headers: admin(),
        payload: { camera_id: 'door-hooks', score: 0.1, reason: 'passive_spoof', mode: 'warn' },
      });
      expect(spoof.statusCode, spoof.body).toBe(201);
      expect(await waitFor(() => spoofOnly.requests.length >= 1, 30_000)).toBe(true);
      await new Promise((resolve) => setTimeout(resolve, 1000));
      expect(spoofOnly.events().map((event) => event.type)).toEqual(['spoof.detected']);
    } finally {
      await spoofOnly.stop();
    }
  });

  it('refuses bad input with 4xx codes and unknown endpoints with 404', async () => {
    const bad = await server.app.inject({
      method: 'POST',
      url: '/v1/webhooks',
      headers: admin(),
      payload: { url: 'ftp://example.com/', events: [] },
    });
    expect(bad.statusCode).toBe(400);
    const unknownType = await server.app.inject({
      method: 'POST',
      url: '/v1/webhooks',
      headers: admin(),
      payload: { url: receiver.url, events: ['attendance.nope'] },
    });
    expect(unknownType.statusCode).toBe(400);
    const missing = await server.app.inject({
      method: 'GET',
      url: '/v1/webhooks/00000000-0000-4000-8000-000000000000/deliveries',
      headers: admin(),
    });
    expect(missing.json()).toMatchObject({ error: { code: 'not_found' } });
  });

  it('keeps a slow receiver to its share of the delivery slots: the other endpoints are not held up', async () => {
    const slow = new WebhookReceiver();
    const fast = new WebhookReceiver();
    let slowInFlight = 0;
    let slowMaxInFlight = 0;
    let slowAnswered = 0;
    slow.behaviour = () => {
      slowInFlight++;
      slowMaxInFlight = Math.max(slowMaxInFlight, slowInFlight);
      setTimeout(() => {
        slowInFlight--;
        slowAnswered++;
      }, 8000);
      return { status: 204, delayMs: 8000 };
    };
    await Promise.all([slow.start(), fast.start()]);
    try {
      // A backlog, as after an outage or a restart: twelve events due at once for the slow endpoint, then for
      // the fast one. Oldest first alone would hand every free slot to the slow receiver.
      const slowEndpoint = await createEndpoint(slow.url, ['person.created']);
      const fastEndpoint = await createEndpoint(fast.url, ['person.created']);
      for (const endpoint of [slowEndpoint, fastEndpoint]) {
        await server.app.inject({
          method: 'PATCH',
          url: `/v1/webhooks/${endpoint.id}`,
          headers: admin(),
          payload: { enabled: false },
        });
      }
      // An enabled listener, so that the events are written (only events someone listens to are).
      const listener = await createEndpoint(receiver.url, ['person.created']);
      const random = seededRandom(31);
      for (let i = 0; i < 12; i++) {
        await enrollPerson(server, `Share ${String(i)}`, [randomUnitVector(512, random)]);
      }
      const backlog = `INSERT INTO webhook_delivery (endpoint_id, event_id)
        SELECT $1::uuid, id FROM integration_event WHERE type = 'person.created' ORDER BY created_at DESC LIMIT 12`;
      await server.db.query(backlog, [slowEndpoint.id]);
      await server.db.query(backlog, [fastEndpoint.id]);
      await server.db.query('UPDATE webhook_endpoint SET enabled = true WHERE id = ANY ($1::uuid[])', [
        [slowEndpoint.id, fastEndpoint.id],
      ]);

      expect(await waitFor(() => fast.requests.length >= 12, 30_000)).toBe(true);
      expect(slowAnswered).toBe(0); // all twelve reached the fast receiver while the slow one held its first
      expect(slowMaxInFlight).toBeGreaterThan(0);
      expect(slowMaxInFlight).toBeLessThanOrEqual(4);
      for (const endpoint of [slowEndpoint, fastEndpoint, listener]) {
        await server.app.inject({ method: 'DELETE', url: `/v1/webhooks/${endpoint.id}`, headers: admin() });
      }
    } finally {
      await Promise.all([slow.stop(), fast.stop()]);
    }
  }, 60_000);
});
