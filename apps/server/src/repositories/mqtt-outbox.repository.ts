import type { Queryable } from '../db/database.js';

/** An event claimed for MQTT: its lease runs until it is marked published or the lease ends. */
export interface ClaimedMqttEvent {
  id: string;
  type: string;
  body: string;
}

/**
 * Claims the oldest events waiting for MQTT in one statement: rows another instance holds are skipped
 * (SKIP LOCKED) and the claimed ones get a lease, so a publisher that dies before the broker's PUBACK
 * leaves them to be published again when the lease ends (at least once, same event id).
 */
const CLAIM_SQL = `
  WITH due AS (
    SELECT id FROM integration_event
     WHERE mqtt_pending AND (mqtt_leased_until IS NULL OR mqtt_leased_until <= now())
     ORDER BY occurred_at, created_at
     LIMIT $1
     FOR UPDATE SKIP LOCKED
  )
  UPDATE integration_event e
     SET mqtt_leased_until = now() + $2::integer * interval '1 millisecond'
    FROM due WHERE e.id = due.id
  RETURNING e.id, e.type, e.body, e.occurred_at, e.created_at`;

/** SQL of the MQTT publisher's outbox: claim pending events, mark them published or release them. */
export class MqttOutboxRepository {
  async claimPending(
    db: Queryable,
    options: { limit: number; leaseMs: number },
  ): Promise<ClaimedMqttEvent[]> {
    const { rows } = await db.query<ClaimedMqttEvent & { occurred_at: Date; created_at: Date }>(CLAIM_SQL, [
      options.limit,
      options.leaseMs,
    ]);
    return rows
      .sort(
        (a, b) =>
          new Date(a.occurred_at).getTime() - new Date(b.occurred_at).getTime() ||
          new Date(a.created_at).getTime() - new Date(b.created_at).getTime(),
      )
      .map(({ id, type, body }) => ({ id, type, body }));
  }

  /** The broker acknowledged these (PUBACK): they are no longer waited for. */
  async markPublished(db: Queryable, ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    await db.query(
      'UPDATE integration_event SET mqtt_pending = false, mqtt_leased_until = NULL WHERE id = ANY ($1::uuid[])',
      [ids],
    );
  }

  /** Not published (the broker went away): due again at once, for this or another instance. */
  async release(db: Queryable, ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    await db.query(
      'UPDATE integration_event SET mqtt_leased_until = NULL WHERE id = ANY ($1::uuid[]) AND mqtt_pending',
      [ids],
    );
  }

  /** MQTT is switched off: events kept for it are no longer waited for (so they can be pruned). */
  async abandonPending(db: Queryable): Promise<number> {
    const { rowCount } = await db.query(
      'UPDATE integration_event SET mqtt_pending = false, mqtt_leased_until = NULL WHERE mqtt_pending',
    );
    return rowCount;
  }
}
