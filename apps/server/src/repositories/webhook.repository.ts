import type { Webhook, WebhookDelivery, WebhookDeliveryQuery } from '@attendance/protocol';
import type { Queryable } from '../db/database.js';
import { isoTimestamp } from '../db/sql-values.js';
import { DELIVERY_COLUMNS, toDelivery, type DeliveryRow } from './webhook-delivery-row.js';

interface EndpointRow {
  id: string;
  url: string;
  event_types: string[];
  description: string | null;
  enabled: boolean;
  created_at: Date;
  updated_at: Date;
  pending: number | string;
  dead: number | string;
}

export interface EndpointFields {
  url: string;
  events: readonly string[];
  description: string | null;
  enabled: boolean;
}

const toWebhook = (row: EndpointRow): Webhook => ({
  id: row.id,
  url: row.url,
  events: row.event_types,
  description: row.description,
  enabled: row.enabled,
  created_at: isoTimestamp(row.created_at),
  updated_at: isoTimestamp(row.updated_at),
  pending: Number(row.pending),
  dead: Number(row.dead),
});

const ENDPOINT_SELECT = `
  SELECT w.id, w.url, w.event_types, w.description, w.enabled, w.created_at, w.updated_at,
         (SELECT count(*) FROM webhook_delivery d WHERE d.endpoint_id = w.id AND d.status = 'pending') AS pending,
         (SELECT count(*) FROM webhook_delivery d WHERE d.endpoint_id = w.id AND d.status = 'dead') AS dead
    FROM webhook_endpoint w`;

/** SQL for webhook endpoints and their delivery log (the admin API's side of the outbox). */
export class WebhookRepository {
  async create(db: Queryable, fields: EndpointFields & { secret: string }): Promise<Webhook> {
    const { rows } = await db.query<{ id: string }>(
      `INSERT INTO webhook_endpoint (url, event_types, description, enabled, secret)
       VALUES ($1, $2::text[], $3, $4, $5) RETURNING id`,
      [fields.url, fields.events, fields.description, fields.enabled, fields.secret],
    );
    const created = rows[0] && (await this.findById(db, rows[0].id));
    if (!created) throw new Error('webhook endpoint vanished after insert');
    return created;
  }

  async list(db: Queryable): Promise<Webhook[]> {
    const { rows } = await db.query<EndpointRow>(`${ENDPOINT_SELECT} ORDER BY w.created_at, w.id`);
    return rows.map(toWebhook);
  }

  async findById(db: Queryable, id: string): Promise<Webhook | undefined> {
    const { rows } = await db.query<EndpointRow>(`${ENDPOINT_SELECT} WHERE w.id = $1`, [id]);
    return rows[0] && toWebhook(rows[0]);
  }

  async update(db: Queryable, id: string, fields: EndpointFields): Promise<Webhook | undefined> {
    const { rowCount } = await db.query(
      `UPDATE webhook_endpoint SET url = $2, event_types = $3::text[], description = $4, enabled = $5,
              updated_at = now()
        WHERE id = $1`,
      [id, fields.url, fields.events, fields.description, fields.enabled],
    );
    return rowCount === 0 ? undefined : this.findById(db, id);
  }

  /** Deletes the endpoint and its delivery log (events no other endpoint needs are pruned later). */
  async delete(db: Queryable, id: string): Promise<boolean> {
    const { rowCount } = await db.query('DELETE FROM webhook_endpoint WHERE id = $1', [id]);
    return rowCount > 0;
  }

  async listDeliveries(
    db: Queryable,
    endpointId: string,
    query: WebhookDeliveryQuery,
  ): Promise<{ items: WebhookDelivery[]; total: number }> {
    const filter = 'd.endpoint_id = $1 AND ($2::text IS NULL OR d.status = $2)';
    const params = [endpointId, query.status ?? null];
    const { rows } = await db.query<DeliveryRow>(
      `SELECT ${DELIVERY_COLUMNS} FROM webhook_delivery d JOIN integration_event e ON e.id = d.event_id
        WHERE ${filter} ORDER BY d.created_at DESC, d.id LIMIT $3 OFFSET $4`,
      [...params, query.limit, query.offset],
    );
    const count = await db.query<{ n: number | string }>(
      `SELECT count(*) AS n FROM webhook_delivery d WHERE ${filter}`,
      params,
    );
    return { items: rows.map(toDelivery), total: Number(count.rows[0]?.n ?? 0) };
  }

  async findDelivery(
    db: Queryable,
    endpointId: string,
    deliveryId: string,
  ): Promise<WebhookDelivery | undefined> {
    const { rows } = await db.query<DeliveryRow>(
      `SELECT ${DELIVERY_COLUMNS} FROM webhook_delivery d JOIN integration_event e ON e.id = d.event_id
        WHERE d.endpoint_id = $1 AND d.id = $2`,
      [endpointId, deliveryId],
    );
    return rows[0] && toDelivery(rows[0]);
  }

  /** Makes a delivery (delivered or dead) due again now; its attempt count starts over. */
  async redeliver(db: Queryable, endpointId: string, deliveryId: string): Promise<boolean> {
    const { rowCount } = await db.query(
      `UPDATE webhook_delivery SET status = 'pending', attempts = 0, next_attempt_at = now(), delivered_at = NULL
        WHERE endpoint_id = $1 AND id = $2`,
      [endpointId, deliveryId],
    );
    return rowCount > 0;
  }

  /** An event for one endpoint only (test ping); answers the delivery's id. */
  async enqueueForEndpoint(
    db: Queryable,
    event: { id: string; type: string; occurred_at: string },
    endpointId: string,
  ): Promise<string> {
    const { rows } = await db.query<{ id: string }>(
      `WITH event AS (
         INSERT INTO integration_event (id, type, occurred_at, body)
         VALUES ($1::uuid, $2, $3::timestamptz, $4) RETURNING id
       )
       INSERT INTO webhook_delivery (endpoint_id, event_id) SELECT $5::uuid, id FROM event RETURNING id`,
      [event.id, event.type, event.occurred_at, JSON.stringify(event), endpointId],
    );
    return rows[0]?.id ?? '';
  }
}
