import type { EventDirection, EventSource } from '@attendance/protocol';
import type { Queryable } from '../db/database.js';

/** An event as a correction sees it. */
export interface CorrectableEvent {
  id: string;
  personId: string;
  name: string;
  externalId: string | null;
  recordedAt: Date;
  direction: EventDirection;
  cameraId: string | null;
  source: EventSource;
  voidedAt: Date | null;
  voidReason: string | null;
}

interface Row {
  id: string;
  person_id: string;
  name: string;
  external_id: string | null;
  recorded_at: Date;
  direction: EventDirection;
  camera_id: string | null;
  source: EventSource;
  voided_at: Date | null;
  void_reason: string | null;
}

const toEvent = (row: Row): CorrectableEvent => ({
  id: row.id,
  personId: row.person_id,
  name: row.name,
  externalId: row.external_id,
  recordedAt: new Date(row.recorded_at),
  direction: row.direction,
  cameraId: row.camera_id,
  source: row.source,
  voidedAt: row.voided_at === null ? null : new Date(row.voided_at),
  voidReason: row.void_reason,
});

const SELECT = `SELECT e.id, e.person_id, p.name, p.external_id, e.recorded_at, e.direction, e.camera_id,
  e.source, e.voided_at, e.void_reason
  FROM attendance_event e JOIN person p ON p.id = e.person_id`;

/** SQL of attendance corrections: events added by hand, voided, reassigned. */
export class AttendanceCorrectionRepository {
  /** The event, locked until the transaction ends (corrections of one event run one after the other). */
  async lock(db: Queryable, id: string): Promise<CorrectableEvent | undefined> {
    const { rows } = await db.query<Row>(`${SELECT} WHERE e.id = $1 FOR UPDATE OF e`, [id]);
    return rows[0] && toEvent(rows[0]);
  }

  async find(db: Queryable, id: string): Promise<CorrectableEvent | undefined> {
    const { rows } = await db.query<Row>(`${SELECT} WHERE e.id = $1`, [id]);
    return rows[0] && toEvent(rows[0]);
  }

  /** A missed event, with no camera, model or similarity; `local_day` as recorded events have it. */
  async addManual(
    db: Queryable,
    event: { personId: string; recordedAt: Date; direction: EventDirection; timeZone: string },
  ): Promise<string> {
    const { rows } = await db.query<{ id: string }>(
      `INSERT INTO attendance_event (person_id, recorded_at, local_day, direction, source)
       VALUES ($1, $2::timestamptz, ($2::timestamptz AT TIME ZONE $3)::date, $4, 'manual') RETURNING id`,
      [event.personId, event.recordedAt.toISOString(), event.timeZone, event.direction],
    );
    if (!rows[0]) throw new Error('manual event insert returned no row');
    return rows[0].id;
  }

  async markVoid(db: Queryable, id: string, reason: string): Promise<void> {
    await db.query('UPDATE attendance_event SET voided_at = now(), void_reason = $2 WHERE id = $1', [
      id,
      reason,
    ]);
  }

  async reassign(db: Queryable, id: string, personId: string): Promise<void> {
    await db.query('UPDATE attendance_event SET person_id = $2 WHERE id = $1', [id, personId]);
  }
}
