import type { IntegrationEvent } from '@attendance/protocol';
import type { Queryable } from '../db/database.js';

/**
 * The transactional outbox: services call {@link IntegrationOutbox.enqueue} with the transaction of the
 * change an event reports, so the event and its deliveries commit (or roll back) with that change. Workers
 * deliver later, off the request path.
 */
export interface IntegrationOutbox {
  enqueue(tx: Queryable, event: IntegrationEvent): Promise<void>;
}

/** For composition roots and tests without integrations. */
export const noOutbox: IntegrationOutbox = { enqueue: () => Promise.resolve() };

/**
 * One statement: the event row is written only when someone listens (an enabled endpoint subscribed to its
 * type, or the MQTT publisher), then one pending delivery per such endpoint. With no listener it writes
 * nothing, so an installation without integrations pays one indexed read per event.
 */
const ENQUEUE_SQL = `
  WITH subscribed AS (
    SELECT id FROM webhook_endpoint
     WHERE enabled AND (cardinality(event_types) = 0 OR $2::text = ANY (event_types))
  ), event AS (
    INSERT INTO integration_event (id, type, occurred_at, body, mqtt_pending)
    SELECT $1::uuid, $2::text, $3::timestamptz, $4::text, $5::boolean
     WHERE $5::boolean OR EXISTS (SELECT 1 FROM subscribed)
    RETURNING id
  )
  INSERT INTO webhook_delivery (endpoint_id, event_id)
  SELECT subscribed.id, event.id FROM subscribed, event`;

export class DatabaseOutbox implements IntegrationOutbox {
  /** `mqtt`: the MQTT publisher is configured, so every event is kept for it too. */
  constructor(private readonly options: { mqtt: boolean }) {}

  async enqueue(tx: Queryable, event: IntegrationEvent): Promise<void> {
    await tx.query(
      ENQUEUE_SQL,
      [event.id, event.type, event.occurred_at, JSON.stringify(event), this.options.mqtt],
      { prepare: true },
    );
  }
}

export { attendanceRecorded } from './integration-events.js';
