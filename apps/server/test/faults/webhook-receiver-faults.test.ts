import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/test-server.js';
import { WebhookReceiver, verifySignature, waitFor } from '../integrations/support/webhook-receiver.js';
import * as traffic from './support/webhook-traffic.js';

/** Receivers that fail: one down for a minute under a stream of identifies, one that answers after 10 s. */
describe('webhook receivers down or slow (server process, PostgreSQL)', () => {
  let database: TestDatabase;
  let server: Awaited<ReturnType<typeof traffic.webhookServer>>;

  beforeAll(async () => {
    database = await createTestDatabase('postgres');
    server = await traffic.webhookServer(database.url ?? '', { WEBHOOK_TIMEOUT_SECONDS: '15' });
    await server.start();
  });

  afterAll(async () => {
    await server.dispose();
    await database.drop();
  });

  it('receiver down for 60 s under a stream of identifies: every event delivered after it returns, once', async () => {
    const receiver = new WebhookReceiver();
    await receiver.start();
    const endpoint = await traffic.createEndpoint(server.baseUrl, receiver.url, ['attendance.recorded']);
    const face = await traffic.enrollOne(server.baseUrl, 41);
    await receiver.stop(); // connections refused from now on

    const statuses: string[] = [];
    const downUntil = Date.now() + 60_000;
    while (Date.now() < downUntil) {
      statuses.push(await traffic.identify(server.baseUrl, face));
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
    expect(statuses.length).toBeGreaterThan(30);
    expect(statuses.filter((status) => status !== 'recorded')).toEqual([]);
    expect(receiver.requests).toEqual([]);

    await receiver.start(); // same port
    const stored = await traffic.storedEventIds(database.db);
    expect(stored).toHaveLength(statuses.length);
    expect(
      await waitFor(() => new Set(traffic.deliveredIds(receiver.requests)).size >= stored.length, 30_000),
    ).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 2000)); // a duplicate would arrive meanwhile
    const delivered = traffic.deliveredIds(receiver.requests);
    expect(new Set(delivered)).toEqual(new Set(stored));
    expect(traffic.repeated(delivered)).toEqual([]);
    for (const request of receiver.requests) expect(verifySignature(endpoint.secret, request)).toBe(true);
    await receiver.stop();
  }, 150_000);

  it('a receiver that answers after 10 s does not hold identify back', async () => {
    const receiver = new WebhookReceiver();
    receiver.behaviour = { status: 204, delayMs: 10_000 };
    await receiver.start();
    await traffic.createEndpoint(server.baseUrl, receiver.url, ['attendance.recorded']);
    const face = await traffic.enrollOne(server.baseUrl, 42);
    const before = new Set(await traffic.storedEventIds(database.db));

    const statuses: string[] = [];
    for (let i = 0; i < 8; i++) statuses.push(await traffic.identify(server.baseUrl, face, 'door-slow'));
    const identifiesDone = Date.now();
    expect(statuses).toEqual(Array.from({ length: 8 }, () => 'recorded'));
    // Every identify was answered before the receiver answered even its first delivery.
    const firstAnswer = (receiver.requests[0]?.receivedAt ?? Number.POSITIVE_INFINITY) + 10_000;
    expect(identifiesDone).toBeLessThan(firstAnswer);

    const fresh = (await traffic.storedEventIds(database.db)).filter((id) => !before.has(id));
    expect(fresh).toHaveLength(8);
    expect(await waitFor(() => new Set(traffic.deliveredIds(receiver.requests)).size >= 8, 60_000)).toBe(
      true,
    );
    expect(new Set(traffic.deliveredIds(receiver.requests))).toEqual(new Set(fresh));
    await receiver.stop();
  }, 120_000);
});
