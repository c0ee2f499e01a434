import type { EventDirection, EventSource, PersonRef } from '@attendance/protocol';
import type { WorkSchedule } from '../attendance/day-summary.js';
import type { Queryable } from '../db/database.js';

/** A person with the schedule of their first group (by name) that has one. */
export interface DaysPerson extends PersonRef {
  schedule?: WorkSchedule;
}

/** A counted (not voided) event, placed on its working day by capture time. */
export interface DaysEvent {
  id: string;
  personId: string;
  at: Date;
  direction: EventDirection;
  cameraId: string | null;
  source: EventSource;
  /** Local working day, YYYY-MM-DD. */
  workDay: string;
}

/** Just what a day's summary needs: reports and boards read events in this lean form. */
export type TimedEvent = Pick<DaysEvent, 'personId' | 'at' | 'direction' | 'workDay'>;

/** Which people: a group's, one person, or everyone; always only people not erased. */
export interface PeopleScope {
  groupId?: string | undefined;
  personId?: string | undefined;
  /** Only these people (a page of days where people were seen). */
  personIds?: readonly string[] | undefined;
  /** Inactive people are included only when they have events in this window (or `includeInactive`). */
  window: { start: Date; end: Date };
  includeInactive?: boolean;
}

/** How instants map to working days in SQL (the same rule as `workDayOf`). */
export interface DayRule {
  timeZone: string;
  dayStartMinutes: number;
}

interface PersonRow {
  id: string;
  name: string;
  external_id: string | null;
  work_days: number[] | null;
  start_time: string | null;
  end_time: string | null;
  grace_minutes: number | null;
}

interface EventRow {
  id: string;
  person_id: string;
  at_ms: number;
  direction: EventDirection;
  camera_id: string | null;
  source: EventSource;
  work_day: string;
}

const SCOPE = `p.erased_at IS NULL
  AND ($1::uuid IS NULL OR EXISTS (SELECT 1 FROM group_member gm WHERE gm.person_id = p.id AND gm.group_id = $1))
  AND ($2::uuid IS NULL OR p.id = $2) AND ($5::uuid[] IS NULL OR p.id = ANY($5::uuid[]))
  AND ($6::boolean OR p.active OR EXISTS (SELECT 1 FROM attendance_event e WHERE e.person_id = p.id AND e.voided_at IS NULL
                           AND e.recorded_at >= $3 AND e.recorded_at < $4))`;

const scopeParams = (scope: PeopleScope) => [
  scope.groupId ?? null,
  scope.personId ?? null,
  scope.window.start.toISOString(),
  scope.window.end.toISOString(),
  scope.personIds ?? null,
  scope.includeInactive ?? false,
];

/** `((at AT TIME ZONE zone) - day start)::date`: wall-clock time shifted by the day boundary. */
const workDaySql = (zone: string, minutes: string) =>
  `((e.recorded_at AT TIME ZONE ${zone}) - make_interval(mins => ${minutes}))::date::text`;

const toPerson = (row: PersonRow): DaysPerson => ({
  id: row.id,
  name: row.name,
  external_id: row.external_id,
  ...(row.work_days && row.start_time && row.end_time
    ? {
        schedule: {
          workDays: row.work_days.map(Number),
          start: row.start_time,
          end: row.end_time,
          graceMinutes: row.grace_minutes ?? 0,
        },
      }
    : {}),
});

/** SQL behind days, boards, reports and timesheets: people with schedules, events, leave. */
export class AttendanceDaysRepository {
  /** People in scope, names ascending; `total` counts them all. */
  async people(
    db: Queryable,
    scope: PeopleScope,
    page: { limit: number; offset: number },
  ): Promise<{ items: DaysPerson[]; total: number }> {
    const params = scopeParams(scope);
    const { rows } = await db.query<PersonRow>(
      `SELECT p.id, p.name, p.external_id, s.work_days, s.start_time, s.end_time, s.grace_minutes
       FROM person p
       LEFT JOIN LATERAL (
         SELECT g.work_days, g.start_time, g.end_time, g.grace_minutes
         FROM group_member m JOIN attendance_group g ON g.id = m.group_id
         WHERE m.person_id = p.id AND g.start_time IS NOT NULL ORDER BY g.name LIMIT 1
       ) s ON true
       WHERE ${SCOPE} ORDER BY lower(p.name), p.id LIMIT $7 OFFSET $8`,
      [...params, page.limit, page.offset],
    );
    const count = await db.query<{ total: number }>(
      `SELECT count(*)::int AS total FROM person p WHERE ${SCOPE}`,
      params,
    );
    return { items: rows.map(toPerson), total: count.rows[0]?.total ?? 0 };
  }

  /**
   * A page of the (person, working day) pairs on which people in scope were seen, names then days
   * ascending, within `[from, to]`; `total` counts them all.
   */
  async seenDays(
    db: Queryable,
    query: { scope: PeopleScope; from: string; to: string; rule: DayRule; limit: number; offset: number },
  ): Promise<{ items: { personId: string; day: string }[]; total: number }> {
    const seen = `SELECT DISTINCT p.id AS person_id, lower(p.name) AS sort_name, ${workDaySql('$7', '$8')} AS day
      FROM person p JOIN attendance_event e ON e.person_id = p.id AND e.voided_at IS NULL
        AND e.recorded_at >= $3 AND e.recorded_at < $4
      WHERE ${SCOPE}`;
    const inRange = 'WHERE s.day >= $9 AND s.day <= $10';
    const params = [
      ...scopeParams(query.scope),
      query.rule.timeZone,
      query.rule.dayStartMinutes,
      query.from,
      query.to,
    ];
    const { rows } = await db.query<{ person_id: string; day: string; total: number }>(
      `SELECT s.person_id, s.day, count(*) OVER ()::int AS total FROM (${seen}) s ${inRange}
       ORDER BY s.sort_name, s.person_id, s.day LIMIT $11 OFFSET $12`,
      [...params, query.limit, query.offset],
    );
    let total = rows[0]?.total;
    if (total === undefined) {
      // A page past the end has no row to carry the count.
      const count = await db.query<{ total: number }>(
        `SELECT count(*)::int AS total FROM (${seen}) s ${inRange}`,
        params,
      );
      total = count.rows[0]?.total ?? 0;
    }
    return { items: rows.map((row) => ({ personId: row.person_id, day: row.day })), total };
  }

  async groupExists(db: Queryable, groupId: string): Promise<boolean> {
    const { rows } = await db.query('SELECT 1 FROM attendance_group WHERE id = $1', [groupId]);
    return rows.length > 0;
  }

  /** Counted events of these people in `[start, end)`, by person then time. */
  async events(
    db: Queryable,
    query: { personIds: readonly string[]; start: Date; end: Date; rule: DayRule },
  ): Promise<DaysEvent[]> {
    if (query.personIds.length === 0) return [];
    const { rows } = await db.query<EventRow>(
      `SELECT e.id, e.person_id, (extract(epoch FROM e.recorded_at) * 1000)::float8 AS at_ms, e.direction,
              e.camera_id, e.source, ${workDaySql('$4', '$5')} AS work_day
       FROM attendance_event e
       WHERE e.person_id = ANY($1::uuid[]) AND e.voided_at IS NULL
         AND e.recorded_at >= $2 AND e.recorded_at < $3
       ORDER BY e.person_id, e.recorded_at`,
      [
        query.personIds,
        query.start.toISOString(),
        query.end.toISOString(),
        query.rule.timeZone,
        query.rule.dayStartMinutes,
      ],
    );
    return rows.map((row) => ({
      id: row.id,
      personId: row.person_id,
      at: new Date(Number(row.at_ms)),
      direction: row.direction,
      cameraId: row.camera_id,
      source: row.source,
      workDay: row.work_day,
    }));
  }

  /**
   * {@link events} without ids, cameras or sources, packed into one text per person by PostgreSQL: a
   * report of 10,000 people × 30 days reads 10,000 rows instead of 600,000 (row decoding was its cost).
   */
  async eventTimes(
    db: Queryable,
    query: { personIds: readonly string[]; start: Date; end: Date; rule: DayRule },
  ): Promise<TimedEvent[]> {
    if (query.personIds.length === 0) return [];
    const { rows } = await db.query<{ person_id: string; packed: string }>(
      `SELECT e.person_id,
              string_agg(((extract(epoch FROM e.recorded_at) * 1000)::bigint)::text || ' ' || e.direction
                         || ' ' || ${workDaySql('$4', '$5')}, ',' ORDER BY e.recorded_at) AS packed
       FROM attendance_event e
       WHERE e.person_id = ANY($1::uuid[]) AND e.voided_at IS NULL
         AND e.recorded_at >= $2 AND e.recorded_at < $3
       GROUP BY e.person_id`,
      [
        query.personIds,
        query.start.toISOString(),
        query.end.toISOString(),
        query.rule.timeZone,
        query.rule.dayStartMinutes,
      ],
    );
    const events: TimedEvent[] = [];
    for (const row of rows) {
      for (const item of row.packed.split(',')) {
        const [ms = '', direction = '', workDay = ''] = item.split(' ');
        events.push({
          personId: row.person_id,
          at: new Date(Number(ms)),
          direction: direction as EventDirection,
          workDay,
        });
      }
    }
    return events;
  }

  /** Leave of these people overlapping `[from, to]` (inclusive local days). */
  async leave(
    db: Queryable,
    query: { personIds: readonly string[]; from: string; to: string },
  ): Promise<Map<string, { from: string; to: string }[]>> {
    const byPerson = new Map<string, { from: string; to: string }[]>();
    if (query.personIds.length === 0) return byPerson;
    const { rows } = await db.query<{ person_id: string; from_day: string; to_day: string }>(
      `SELECT person_id, from_day::text AS from_day, to_day::text AS to_day FROM person_leave
       WHERE person_id = ANY($1::uuid[]) AND from_day <= $3 AND to_day >= $2`,
      [query.personIds, query.from, query.to],
    );
    for (const row of rows) {
      const ranges = byPerson.get(row.person_id) ?? [];
      ranges.push({ from: row.from_day, to: row.to_day });
      byPerson.set(row.person_id, ranges);
    }
    return byPerson;
  }
}
