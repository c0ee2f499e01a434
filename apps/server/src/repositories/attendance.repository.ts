import type { AttendanceEvent, EventDirection, EventSource } from '@attendance/protocol';
import type { Queryable } from '../db/database.js';
import { isoTimestamp } from '../db/sql-values.js';
import type { TopPersonColumns } from './template.repository.js';

interface EventRow {
  id: string;
  person_id: string;
  name: string;
  external_id: string | null;
  camera_id: string | null;
  model: string | null;
  similarity: number | null;
  recorded_at: Date;
  local_day: string;
  direction: EventDirection;
  source: EventSource;
}

export interface NewEvent {
  personId: string;
  cameraId: string;
  model: string;
  similarity: number;
  recordedAt: Date;
  timeZone: string;
  idempotencyKey: string | null;
}

export interface EventFilter {
  from?: string | undefined;
  to?: string | undefined;
  personId?: string | undefined;
  cameraId?: string | undefined;
  limit: number;
  offset: number;
}

const toEvent = (row: EventRow): AttendanceEvent => ({
  id: row.id,
  person: { id: row.person_id, name: row.name, external_id: row.external_id },
  camera_id: row.camera_id,
  model: row.model,
  similarity: row.similarity === null ? null : Number(row.similarity),
  source: row.source,
  recorded_at: isoTimestamp(row.recorded_at),
  local_day: row.local_day,
  direction: row.direction,
});

const FILTER = `e.voided_at IS NULL AND ($1::date IS NULL OR e.local_day >= $1) AND ($2::date IS NULL OR e.local_day <= $2)
  AND ($3::uuid IS NULL OR e.person_id = $3) AND ($4::text IS NULL OR e.camera_id = $4)`;

/** What confirms a cooldown hit: a replayed request's event, or the person's event within the window. */
export interface CooldownConfirmation {
  replayedId?: string;
  recentId?: string;
}

export interface CooldownConfirmationQuery {
  idempotencyKey: string | null;
  personId: string;
  at: Date;
  windowMs: number;
}

export interface ReplayOrRecentRow {
  replayed_id: string | null;
  recent_id: string | null;
}

/**
 * Two select-list columns, `replayed_id` and `recent_id`, answering {@link CooldownConfirmation} for the
 * SQL expressions given (parameter references or a column such as `top.person_id`): the event stored
 * under the idempotency key, and the person's latest event within ±window seconds of `at`.
 */
export function replayOrRecentColumns(sql: {
  key: string;
  person: string;
  at: string;
  windowSecs: string;
}): string {
  return `(SELECT id FROM attendance_event WHERE idempotency_key = ${sql.key}::text) AS replayed_id,
  (SELECT id FROM attendance_event
   WHERE person_id = ${sql.person} AND voided_at IS NULL AND recorded_at > ${sql.at}::timestamptz - make_interval(secs => ${sql.windowSecs})
     AND recorded_at < ${sql.at}::timestamptz + make_interval(secs => ${sql.windowSecs})
   ORDER BY recorded_at DESC LIMIT 1) AS recent_id`;
}

/** The `at` and `windowSecs` parameter values of {@link replayOrRecentColumns}. */
export function replayOrRecentParams(sighting: { at: Date; windowMs: number }): [string, number] {
  return [sighting.at.toISOString(), sighting.windowMs / 1000];
}

export function toCooldownConfirmation(row: ReplayOrRecentRow | undefined): CooldownConfirmation {
  return {
    ...(row?.replayed_id ? { replayedId: row.replayed_id } : {}),
    ...(row?.recent_id ? { recentId: row.recent_id } : {}),
  };
}

/**
 * The cooldown confirmation of identify's best candidate, answered inside its search statement (one round
 * trip for a repeat sighting): see {@link TopPersonColumns} and {@link AttendanceRepository.findReplayOrRecent}.
 */
export function cooldownConfirmationOfTop(sighting: {
  idempotencyKey: string | null;
  at: Date;
  windowMs: number;
}): TopPersonColumns<CooldownConfirmation> {
  return {
    columns: (personId, first) =>
      replayOrRecentColumns({
        key: `$${first}`,
        person: personId,
        at: `$${first + 1}`,
        windowSecs: `$${first + 2}`,
      }),
    params: [sighting.idempotencyKey, ...replayOrRecentParams(sighting)],
    read: (row) => toCooldownConfirmation(row as unknown as ReplayOrRecentRow),
  };
}

/** SQL for `attendance_event`. */
export class AttendanceRepository {
  async findIdByIdempotencyKey(db: Queryable, key: string): Promise<string | undefined> {
    const { rows } = await db.query<{ id: string }>(
      'SELECT id FROM attendance_event WHERE idempotency_key = $1',
      [key],
    );
    return rows[0]?.id;
  }

  /**
   * The cooldown cache's confirmation, in one round trip: the event stored under `idempotencyKey` (a
   * replayed request), and the person's latest event within ±`windowMs` of `at` (captured_at may lie in
   * the past). Identify usually has it already, from its search statement ({@link replayOrRecentColumns}).
   */
  async findReplayOrRecent(
    db: Queryable,
    sighting: CooldownConfirmationQuery,
  ): Promise<CooldownConfirmation> {
    const { rows } = await db.query<ReplayOrRecentRow>(
      `SELECT ${replayOrRecentColumns({ key: '$1', person: '$2', at: '$3', windowSecs: '$4' })}`,
      [sighting.idempotencyKey, sighting.personId, ...replayOrRecentParams(sighting)],
    );
    return toCooldownConfirmation(rows[0]);
  }

  /**
   * Inserts the event unless the person already has one within ±`windowMs` of it (or its idempotency key
   * exists), with its camera's role as direction, in ONE statement that also returns what the caller needs: the new event with its person, or
   * the recent event that kept it out. Run it after taking the person's cooldown lock in an EARLIER
   * statement of the same transaction: under READ COMMITTED its snapshot is then taken after the lock
   * was granted, so it sees every event the previous lock holder committed.
   */
  async insertUnlessRecent(
    db: Queryable,
    event: NewEvent,
    windowMs: number,
  ): Promise<
    | { kind: 'inserted'; event: AttendanceEvent }
    | { kind: 'recent'; id: string; recordedAt: Date }
    | { kind: 'conflict' }
  > {
    const { rows } = await db.query<EventRow & { outcome: 'inserted' | 'recent' }>(
      `WITH recent AS (
         SELECT id, recorded_at FROM attendance_event
         WHERE person_id = $1 AND voided_at IS NULL AND recorded_at > $5::timestamptz - make_interval(secs => $8)
           AND recorded_at < $5::timestamptz + make_interval(secs => $8)
         ORDER BY recorded_at DESC LIMIT 1
       ), inserted AS (
         INSERT INTO attendance_event
           (person_id, camera_id, model, similarity, recorded_at, local_day, idempotency_key, direction)
         SELECT $1, $2, $3, $4, $5::timestamptz, ($5::timestamptz AT TIME ZONE $6)::date, $7,
           COALESCE((SELECT CASE c.role WHEN 'entry' THEN 'in' WHEN 'exit' THEN 'out' ELSE 'both' END
                     FROM camera c WHERE c.id = $2), 'both')
         WHERE NOT EXISTS (SELECT 1 FROM recent)
         ON CONFLICT (idempotency_key) DO NOTHING
         RETURNING id, person_id, camera_id, model, similarity, recorded_at, local_day, direction, source
       )
       SELECT 'inserted' AS outcome, i.id, i.person_id, p.name, p.external_id, i.camera_id, i.model,
              i.similarity, i.recorded_at, i.local_day::text AS local_day, i.direction, i.source
       FROM inserted i JOIN person p ON p.id = i.person_id
       UNION ALL
       SELECT 'recent', r.id, NULL, NULL, NULL, NULL, NULL, NULL, r.recorded_at, NULL, NULL, NULL FROM recent r`,
      [
        event.personId,
        event.cameraId,
        event.model,
        event.similarity,
        event.recordedAt.toISOString(),
        event.timeZone,
        event.idempotencyKey,
        windowMs / 1000,
      ],
    );
    const row = rows[0];
    if (!row) return { kind: 'conflict' };
    if (row.outcome === 'recent') {
      return { kind: 'recent', id: row.id, recordedAt: new Date(row.recorded_at) };
    }
    return { kind: 'inserted', event: toEvent(row) };
  }

  async findById(db: Queryable, id: string): Promise<AttendanceEvent | undefined> {
    const { rows } = await db.query<EventRow>(
      `SELECT e.id, e.person_id, p.name, p.external_id, e.camera_id, e.model, e.similarity, e.recorded_at,
              e.local_day::text AS local_day, e.direction, e.source
       FROM attendance_event e JOIN person p ON p.id = e.person_id WHERE e.id = $1`,
      [id],
    );
    return rows[0] && toEvent(rows[0]);
  }

  /** Newest first. Days are local days in the attendance time zone, inclusive. */
  async list(db: Queryable, filter: EventFilter): Promise<{ items: AttendanceEvent[]; total: number }> {
    const params = [filter.from ?? null, filter.to ?? null, filter.personId ?? null, filter.cameraId ?? null];
    const { rows } = await db.query<EventRow>(
      `SELECT e.id, e.person_id, p.name, p.external_id, e.camera_id, e.model, e.similarity, e.recorded_at,
              e.local_day::text AS local_day, e.direction, e.source
       FROM attendance_event e JOIN person p ON p.id = e.person_id
       WHERE ${FILTER} ORDER BY e.recorded_at DESC, e.id LIMIT $5 OFFSET $6`,
      [...params, filter.limit, filter.offset],
    );
    const count = await db.query<{ total: number }>(
      `SELECT count(*)::int AS total FROM attendance_event e WHERE ${FILTER}`,
      params,
    );
    return { items: rows.map(toEvent), total: count.rows[0]?.total ?? 0 };
  }

  async count(db: Queryable): Promise<number> {
    const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM attendance_event');
    return rows[0]?.n ?? 0;
  }
}
