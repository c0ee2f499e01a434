import type { SpoofEvent, SpoofReason } from '@attendance/protocol';
import type { Queryable } from '../db/database.js';
import { isoTimestamp } from '../db/sql-values.js';

interface Row {
  id: string;
  camera_id: string;
  score: number;
  reason: SpoofReason;
  mode: 'warn' | 'enforce';
  captured_at: Date;
}

export interface NewSpoofEvent {
  cameraId: string;
  score: number;
  reason: SpoofReason;
  mode: 'warn' | 'enforce';
  capturedAt: Date;
  idempotencyKey: string | null;
}

export interface SpoofEventFilter {
  cameraId?: string | undefined;
  since?: string | undefined;
  limit: number;
  offset: number;
}

const toSpoofEvent = (row: Row): SpoofEvent => ({
  id: row.id,
  camera_id: row.camera_id,
  score: Number(row.score),
  reason: row.reason,
  mode: row.mode,
  captured_at: isoTimestamp(row.captured_at),
});

const COLUMNS = 'id, camera_id, score, reason, mode, captured_at';
const FILTER = '($1::text IS NULL OR camera_id = $1) AND ($2::timestamptz IS NULL OR captured_at >= $2)';

/** SQL for `spoof_event`: spoof attempts reported by edges (no image, embedding or person). */
export class SpoofEventRepository {
  /** Inserts unless the idempotency key exists; returns the new event, or undefined on that conflict. */
  async insert(db: Queryable, event: NewSpoofEvent): Promise<SpoofEvent | undefined> {
    const { rows } = await db.query<Row>(
      `INSERT INTO spoof_event (camera_id, score, reason, mode, captured_at, idempotency_key)
       VALUES ($1, $2, $3, $4, $5::timestamptz, $6)
       ON CONFLICT (idempotency_key) DO NOTHING
       RETURNING ${COLUMNS}`,
      [
        event.cameraId,
        event.score,
        event.reason,
        event.mode,
        event.capturedAt.toISOString(),
        event.idempotencyKey,
      ],
    );
    return rows[0] && toSpoofEvent(rows[0]);
  }

  async findByIdempotencyKey(db: Queryable, key: string): Promise<SpoofEvent | undefined> {
    const { rows } = await db.query<Row>(`SELECT ${COLUMNS} FROM spoof_event WHERE idempotency_key = $1`, [
      key,
    ]);
    return rows[0] && toSpoofEvent(rows[0]);
  }

  async list(db: Queryable, filter: SpoofEventFilter): Promise<{ items: SpoofEvent[]; total: number }> {
    const params = [filter.cameraId ?? null, filter.since ?? null];
    const { rows } = await db.query<Row>(
      `SELECT ${COLUMNS} FROM spoof_event WHERE ${FILTER}
       ORDER BY captured_at DESC, id LIMIT $3 OFFSET $4`,
      [...params, filter.limit, filter.offset],
    );
    const count = await db.query<{ total: number }>(
      `SELECT count(*)::int AS total FROM spoof_event WHERE ${FILTER}`,
      params,
    );
    return { items: rows.map(toSpoofEvent), total: count.rows[0]?.total ?? 0 };
  }
}
