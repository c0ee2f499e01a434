import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../src/db/migrations/index.js';
import { migrateUp } from '../../src/db/migrator.js';
import { WebhookOutboxRepository } from '../../src/repositories/webhook-outbox.repository.js';
import { createTestDatabase, type TestDatabase } from '../support/test-server.js';

const DELIVERIES = 400;

/**
 * Workers of several instances claim from one outbox at once. A delivery another worker claimed (and
 * committed) after this worker's statement began must not be claimed again: its lease is in the future.
 */
describe('webhook outbox claims racing on PostgreSQL', () => {
  let database: TestDatabase;
  const outbox = new WebhookOutboxRepository();

  beforeAll(async () => {
    database = await createTestDatabase('postgres');
    await migrateUp(database.db, MIGRATIONS);
  });

  afterAll(async () => {
    await database.drop();
  });

  it('hands every due delivery to exactly one of eight racing workers', async () => {
    await database.db.query(
      `WITH endpoint AS (
         INSERT INTO webhook_endpoint (url, secret) VALUES ('https://receiver.example/hook', 'secret') RETURNING id
       ), events AS (
         INSERT INTO integration_event (id, type, occurred_at, body)
         SELECT gen_random_uuid(), 'attendance.recorded', now(), '{}' FROM generate_series(1, $1::integer)
         RETURNING id
       )
       INSERT INTO webhook_delivery (endpoint_id, event_id) SELECT endpoint.id, events.id FROM endpoint, events`,
      [DELIVERIES],
    );
    const claimed: string[] = [];
    const worker = async () => {
      for (let idle = 0; idle < 3;) {
        const batch = await outbox.claimDue(database.db, {
          limit: 3,
          leaseMs: 60_000,
          perEndpoint: 1000,
          inFlight: new Map(),
        });
        claimed.push(...batch.map((delivery) => delivery.id));
        idle = batch.length === 0 ? idle + 1 : 0;
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));

    const twice = claimed.filter((id, index) => claimed.indexOf(id) !== index);
    expect(twice).toEqual([]);
    expect(new Set(claimed).size).toBe(DELIVERIES);
    const { rows } = await database.db.query<{ attempts: number; n: number }>(
      'SELECT attempts, count(*)::int AS n FROM webhook_delivery GROUP BY attempts',
    );
    expect(rows).toEqual([{ attempts: 1, n: DELIVERIES }]);
  }, 60_000);
});
