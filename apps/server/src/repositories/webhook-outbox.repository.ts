import type { Queryable } from '../db/database.js';

/** A delivery claimed by one worker: its lease runs until the result is written or it expires. */
export interface ClaimedDelivery {
  id: string;
  endpointId: string;
  eventId: string;
  /** Counting this one. */
  attempts: number;
  body: string;
  eventCreatedAt: Date;
  url: string;
  secret: string;
}

interface ClaimRow {
  id: string;
  endpoint_id: string;
  event_id: string;
  attempts: number;
  body: string;
  event_created_at: Date;
  url: string;
  secret: string;
}

/**
 * Claims due deliveries in one statement: rows another worker holds are skipped (SKIP LOCKED), the claimed
 * ones get a lease (next_attempt_at in the future) and count an attempt before any request is sent, so a
 * worker that dies mid-delivery leaves them to be retried when the lease ends (at-least-once). Oldest events
 * first, and no more per endpoint than its free slots ($4 − what this worker has in flight to it, $2/$3), so
 * a slow receiver's backlog cannot take the slots of the others. The due test is repeated on the locked row
 * itself: \`ranked\` is read from the statement's snapshot, so a row another worker claimed and committed
 * after that snapshot would otherwise be locked and claimed a second time.
 */
const CLAIM_SQL = `
  WITH in_flight AS (
    SELECT * FROM unnest($2::uuid[], $3::integer[]) AS f(endpoint_id, n)
  ), ranked AS (
    SELECT d.id, d.endpoint_id, d.next_attempt_at, d.created_at,
           row_number() OVER (PARTITION BY d.endpoint_id ORDER BY d.next_attempt_at, d.created_at) AS rank
      FROM webhook_delivery d JOIN webhook_endpoint w ON w.id = d.endpoint_id
     WHERE d.status = 'pending' AND d.next_attempt_at <= now() AND w.enabled
  ), due AS (
    SELECT d.id FROM webhook_delivery d
      JOIN ranked r ON r.id = d.id
      LEFT JOIN in_flight f ON f.endpoint_id = r.endpoint_id
     WHERE r.rank <= $4::integer - coalesce(f.n, 0)
       AND d.status = 'pending' AND d.next_attempt_at <= now()
     ORDER BY r.next_attempt_at, r.created_at
     LIMIT $1
     FOR UPDATE OF d SKIP LOCKED
  )
  UPDATE webhook_delivery d
     SET next_attempt_at = now() + $5::integer * interval '1 millisecond',
         attempts = d.attempts + 1, last_attempt_at = now()
    FROM due, webhook_endpoint w, integration_event e
   WHERE d.id = due.id AND w.id = d.endpoint_id AND e.id = d.event_id
  RETURNING d.id, d.endpoint_id, d.event_id, d.attempts, e.body, e.created_at AS event_created_at, w.url, w.secret`;

/** SQL of the delivery worker: claim due deliveries, record each attempt's result, prune old events. */
export class WebhookOutboxRepository {
  async claimDue(
    db: Queryable,
    options: {
      limit: number;
      leaseMs: number;
      /** Requests at most in flight to one endpoint. */
      perEndpoint: number;
      /** What this worker has in flight, per endpoint id. */
      inFlight: ReadonlyMap<string, number>;
    },
  ): Promise<ClaimedDelivery[]> {
    const { rows } = await db.query<ClaimRow>(CLAIM_SQL, [
      options.limit,
      [...options.inFlight.keys()],
      [...options.inFlight.values()],
      options.perEndpoint,
      options.leaseMs,
    ]);
    return rows
      .map((row) => ({
        id: row.id,
        endpointId: row.endpoint_id,
        eventId: row.event_id,
        attempts: row.attempts,
        body: row.body,
        eventCreatedAt: new Date(row.event_created_at),
        url: row.url,
        secret: row.secret,
      }))
      .sort((a, b) => a.eventCreatedAt.getTime() - b.eventCreatedAt.getTime());
  }

  async markDelivered(
    db: Queryable,
    id: string,
    result: { statusCode: number; latencyMs: number },
  ): Promise<void> {
    await db.query(
      `UPDATE webhook_delivery SET status = 'delivered', delivered_at = now(), last_status_code = $2,
              last_error = NULL, last_latency_ms = $3
        WHERE id = $1 AND status = 'pending'`,
      [id, result.statusCode, result.latencyMs],
    );
  }

  /** A failed attempt: due again after `retryInMs`, or dead (given up) when `dead`. */
  async markFailed(
    db: Queryable,
    id: string,
    result: { statusCode: number | null; latencyMs: number; error: string; retryInMs: number; dead: boolean },
  ): Promise<void> {
    await db.query(
      `UPDATE webhook_delivery
          SET status = CASE WHEN $6::boolean THEN 'dead' ELSE 'pending' END,
              next_attempt_at = now() + $5::integer * interval '1 millisecond',
              last_status_code = $2, last_latency_ms = $3, last_error = $4
        WHERE id = $1 AND status = 'pending'`,
      [id, result.statusCode, result.latencyMs, result.error, result.retryInMs, result.dead],
    );
  }

  /** Deletes events older than `retentionMs` that nobody waits for any more (their log goes with them). */
  async prune(db: Queryable, retentionMs: number): Promise<number> {
    const { rowCount } = await db.query(
      `DELETE FROM integration_event e
        WHERE e.created_at < now() - $1::bigint * interval '1 millisecond' AND NOT e.mqtt_pending
          AND NOT EXISTS (SELECT 1 FROM webhook_delivery d WHERE d.event_id = e.id AND d.status = 'pending')`,
      [retentionMs],
    );
    return rowCount;
  }
}
