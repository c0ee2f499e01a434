import { IntegrationEventSchema } from '@attendance/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MosquittoBroker } from '../support/mosquitto-broker.js';
import { createTestDatabase, type TestDatabase } from '../support/test-server.js';
import { MqttSubscriber } from '../integrations/support/mqtt-subscriber.js';
import { WebhookReceiver, waitFor } from '../integrations/support/webhook-receiver.js';
import * as traffic from './support/webhook-traffic.js';

/** Server processes that die or share the outbox: a SIGKILL mid-delivery, two instances on one database. */
describe('webhook and MQTT delivery across server faults (server processes, PostgreSQL)', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase('postgres');
  });

  afterAll(async () => {
    await database.drop();
  });

  it('server SIGKILLed mid-delivery and restarted: nothing lost, repeats only under the same event id', async () => {
    // Requests time out after 2 s, so a claim's lease (timeout + 30 s) frees the killed server's deliveries.
    const server = await traffic.webhookServer(database.url ?? '', { WEBHOOK_TIMEOUT_SECONDS: '2' });
    const receiver = new WebhookReceiver();
    try {
      await server.start();
      receiver.behaviour = { status: 204, delayMs: 1500 }; // deliveries stay in flight long enough to die
      await receiver.start();
      await traffic.createEndpoint(server.baseUrl, receiver.url, ['attendance.recorded']);
      const face = await traffic.enrollOne(server.baseUrl, 51);
      for (let i = 0; i < 12; i++) {
        expect(await traffic.identify(server.baseUrl, face, 'door-kill')).toBe('recorded');
      }
      expect(await waitFor(() => receiver.requests.length >= 2, 20_000)).toBe(true);
      await server.kill(); // with requests in flight, their results never recorded
      const killedAt = receiver.requests.length;
      receiver.behaviour = { status: 204 };
      await server.start();

      const stored = await traffic.storedEventIds(database.db);
      expect(stored).toHaveLength(12);
      expect(await waitFor(() => new Set(traffic.deliveredIds(receiver.requests)).size >= 12, 90_000)).toBe(
        true,
      );
      const undelivered = async () =>
        (
          await database.db.query<{ n: number }>(
            `SELECT count(*)::int AS n FROM webhook_delivery WHERE status <> 'delivered'`,
          )
        ).rows[0]?.n;
      // The killed server's claims free up only when their lease (2 s + 30 s) runs out, then the next poll
      // sends them again: wait for longer than the lease, measured from the restart.
      expect(await waitFor(async () => (await undelivered()) === 0, 60_000)).toBe(true);
      const delivered = traffic.deliveredIds(receiver.requests);
      expect(new Set(delivered)).toEqual(new Set(stored));
      // Repeats are requests the killed server had sent (their answers lost), sent again with the same id.
      const firstAttempts = new Set(traffic.deliveredIds(receiver.requests.slice(0, killedAt)));
      for (const id of traffic.repeated(delivered)) expect(firstAttempts.has(id)).toBe(true);
    } finally {
      await server.dispose();
      await receiver.stop();
    }
  }, 180_000);

  it('two instances on one outbox: no event delivered twice, by webhook or MQTT', async () => {
    const broker = await MosquittoBroker.start();
    const env = { MQTT_URL: broker.url };
    const [a, b] = [
      await traffic.webhookServer(database.url ?? '', env),
      await traffic.webhookServer(database.url ?? '', env),
    ];
    const receiver = new WebhookReceiver();
    let subscriber: MqttSubscriber | undefined;
    try {
      await Promise.all([a.start(), b.start()]);
      subscriber = await MqttSubscriber.connect(broker.url, ['smart-attendance/events/attendance.recorded']);
      // Answers take a moment, so both instances' workers find deliveries due while others are in flight.
      receiver.behaviour = () => ({ status: 204, delayMs: Math.floor(Math.random() * 200) });
      await receiver.start();
      await traffic.createEndpoint(a.baseUrl, receiver.url, ['attendance.recorded']);
      const before = new Set(await traffic.storedEventIds(database.db));
      const face = await traffic.enrollOne(a.baseUrl, 52);
      const results = await Promise.all(
        Array.from({ length: 40 }, (_, i) =>
          traffic.identify((i % 2 === 0 ? a : b).baseUrl, face, `door-${String(i % 4)}`),
        ),
      );
      expect(results.filter((status) => status !== 'recorded')).toEqual([]);

      const fresh = (await traffic.storedEventIds(database.db)).filter((id) => !before.has(id));
      expect(fresh).toHaveLength(40);
      const published = () =>
        (subscriber?.messages ?? []).map(
          (message) => IntegrationEventSchema.parse(JSON.parse(message.payload)).id,
        );
      expect(
        await waitFor(
          () =>
            new Set(traffic.deliveredIds(receiver.requests)).size >= 40 && new Set(published()).size >= 40,
          60_000,
        ),
      ).toBe(true);
      await new Promise((resolve) => setTimeout(resolve, 2000)); // a second delivery would arrive meanwhile
      expect(new Set(traffic.deliveredIds(receiver.requests))).toEqual(new Set(fresh));
      expect(traffic.repeated(traffic.deliveredIds(receiver.requests))).toEqual([]);
      expect(new Set(published())).toEqual(new Set(fresh));
      expect(traffic.repeated(published())).toEqual([]);
    } finally {
      await subscriber?.close();
      await Promise.all([a.dispose(), b.dispose()]);
      await receiver.stop();
      await broker.close();
    }
  }, 180_000);
});
