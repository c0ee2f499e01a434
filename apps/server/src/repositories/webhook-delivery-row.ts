import type { DeliveryStatus, WebhookDelivery } from '@attendance/protocol';
import { isoTimestamp, isoTimestampOrNull } from '../db/sql-values.js';

/** A `webhook_delivery` row joined with its event (`d`, `e`), as the delivery log shows it. */
export interface DeliveryRow {
  id: string;
  event_id: string;
  event_type: string;
  occurred_at: Date;
  status: DeliveryStatus;
  attempts: number;
  next_attempt_at: Date;
  last_attempt_at: Date | null;
  last_status_code: number | null;
  last_error: string | null;
  last_latency_ms: number | null;
  delivered_at: Date | null;
}

export const DELIVERY_COLUMNS = `d.id, d.event_id, e.type AS event_type, e.occurred_at, d.status, d.attempts,
  d.next_attempt_at, d.last_attempt_at, d.last_status_code, d.last_error, d.last_latency_ms, d.delivered_at`;

export const toDelivery = (row: DeliveryRow): WebhookDelivery => ({
  id: row.id,
  event_id: row.event_id,
  event_type: row.event_type,
  occurred_at: isoTimestamp(row.occurred_at),
  status: row.status,
  attempts: row.attempts,
  next_attempt_at: row.status === 'pending' ? isoTimestamp(row.next_attempt_at) : null,
  last_attempt_at: isoTimestampOrNull(row.last_attempt_at),
  last_status_code: row.last_status_code,
  last_error: row.last_error,
  last_latency_ms: row.last_latency_ms,
  delivered_at: isoTimestampOrNull(row.delivered_at),
});
