import type { EventDirection, EventSource, PersonRef } from '@attendance/protocol';
import type { WorkSchedule } from '../attendance/day-summary.js';
import type { Database, Queryable } from '../db/database.js';

/**
 * A person with the schedule of their first group (by name) that has one, and that schedule's own time
 * zone (absent: the installation's).
 */
export interface DaysPerson extends PersonRef {
  schedule?: WorkSchedule;
  timeZone?: string;
}

/** A counted (not voided) event at its capture time. */
export interface DaysEvent {
  id: string;
  personId: string;
  at: Date;
  direction: EventDirection;
  cameraId: string | null;
  source: EventSource;
}

/** Just what a day's summary needs: reports and boards read events in this lean form. */
export type TimedEvent = Pick<DaysEvent, 'at' | 'direction'>;

/** Each person's events, unpacked on request (a report holds one person's at a time). */
export type EventsOfPerson<E> = (personId: string) => readonly E[];

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

/** Whose events: these people, or everyone in a scope (cheaper when the page is the whole scope). */
export type EventOwners = { personIds: readonly string[] } | { scope: PeopleScope };

/**
 * How instants map to working days in SQL (the same rule as `workDayOf`): in each person's schedule zone,
 * `timeZone` (the installation's) for people whose schedule has none or who have no schedule.
 */
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
  time_zone: string | null;
}

interface EventRow {
  id: string;
  person_id: string;
  at_ms: number;
  direction: EventDirection;
  camera_id: string | null;
  source: EventSource;
}

/** People in a scope, given {@link scopeParams} as parameters `$first`…`$first+5` (in their order). */
function scopeSql(first: number): string {
  const [group, person, start, end, ids, inactive] = [0, 1, 2, 3, 4, 5].map((i) => `$${String(first + i)}`);
  return `p.erased_at IS NULL
  AND (${group}::uuid IS NULL OR EXISTS (SELECT 1 FROM group_member gm WHERE gm.person_id = p.id AND gm.group_id = ${group}))
  AND (${person}::uuid IS NULL OR p.id = ${person}) AND (${ids}::uuid[] IS NULL OR p.id = ANY(${ids}::uuid[]))
  AND (${inactive}::boolean OR p.active OR EXISTS (SELECT 1 FROM attendance_event e WHERE e.person_id = p.id AND e.voided_at IS NULL
                           AND e.recorded_at >= ${start} AND e.recorded_at < ${end}))`;
}

const SCOPE = scopeSql(1);

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

/**
 * The zone of `p`'s days: that of their first group (by name) with a schedule, as `people` picks the
 * schedule, or `fallback` (the installation's) when that schedule has no zone or there is none.
 */
const personZoneSql = (fallback: string) =>
  `COALESCE((SELECT g.time_zone FROM group_member m JOIN attendance_group g ON g.id = m.group_id
             WHERE m.person_id = p.id AND g.start_time IS NOT NULL ORDER BY g.name LIMIT 1), ${fallback})`;

/**
 * The owner condition on `alias.person_id` with its parameters numbered after `used`, or null when there
 * is nobody to ask for.
 */
function ownersSql(
  owners: EventOwners,
  used: number,
  alias = 'e',
): { join: string; where: string; params: unknown[] } | null {
  if ('personIds' in owners) {
    if (owners.personIds.length === 0) return null;
    return {
      join: '',
      where: `${alias}.person_id = ANY($${String(used + 1)}::uuid[])`,
      params: [owners.personIds],
    };
  }
  return {
    join: `JOIN person p ON p.id = ${alias}.person_id`,
    where: scopeSql(used + 1),
    params: scopeParams(owners.scope),
  };
}

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
        ...(row.time_zone === null ? {} : { timeZone: row.time_zone }),
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
    // The page first, then the schedules of just its people (a board asks for 10,000 at once).
    const { rows } = await db.query<PersonRow & { total: number }>(
      `WITH page AS (
         SELECT p.id, p.name, p.external_id, count(*) OVER ()::int AS total FROM person p
         WHERE ${SCOPE} ORDER BY lower(p.name), p.id LIMIT $7 OFFSET $8
       ), schedule AS (
         SELECT DISTINCT ON (m.person_id) m.person_id, g.work_days, g.start_time, g.end_time, g.grace_minutes,
                g.time_zone
         FROM group_member m JOIN attendance_group g ON g.id = m.group_id
         WHERE g.start_time IS NOT NULL AND m.person_id IN (SELECT id FROM page)
         ORDER BY m.person_id, g.name
       )
       SELECT page.id, page.name, page.external_id, page.total,
              s.work_days, s.start_time, s.end_time, s.grace_minutes, s.time_zone
       FROM page LEFT JOIN schedule s ON s.person_id = page.id
       ORDER BY lower(page.name), page.id`,
      [...params, page.limit, page.offset],
    );
    let total = rows[0]?.total;
    if (total === undefined) {
      // A page past the end has no row to carry the count.
      const count = await db.query<{ total: number }>(
        `SELECT count(*)::int AS total FROM person p WHERE ${SCOPE}`,
        params,
      );
      total = count.rows[0]?.total ?? 0;
    }
    return { items: rows.map(toPerson), total };
  }

  /**
   * A page of the (person, working day) pairs on which people in scope were seen, names then days
   * ascending, within `[from, to]`; `total` counts them all.
   */
  async seenDays(
    db: Queryable,
    query: { scope: PeopleScope; from: string; to: string; rule: DayRule; limit: number; offset: number },
  ): Promise<{ items: { personId: string; day: string }[]; total: number }> {
    const seen = `SELECT DISTINCT p.id AS person_id, lower(p.name) AS sort_name, ${workDaySql('z.zone', '$8')} AS day
      FROM person p CROSS JOIN LATERAL (SELECT ${personZoneSql('$7')} AS zone) z
        JOIN attendance_event e ON e.person_id = p.id AND e.voided_at IS NULL
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

  /** Undefined when the group does not exist; its schedule's own zone, or null (none, or no schedule). */
  async groupZone(db: Queryable, groupId: string): Promise<{ timeZone: string | null } | undefined> {
    const { rows } = await db.query<{ time_zone: string | null }>(
      'SELECT time_zone FROM attendance_group WHERE id = $1',
      [groupId],
    );
    return rows[0] && { timeZone: rows[0].time_zone };
  }

  /** The zones schedules have of their own (besides the installation's), for the time ranges to read. */
  async scheduleZones(db: Queryable): Promise<string[]> {
    const { rows } = await db.query<{ time_zone: string }>(
      'SELECT DISTINCT time_zone FROM attendance_group WHERE time_zone IS NOT NULL ORDER BY time_zone',
    );
    return rows.map((row) => row.time_zone);
  }

  /** Counted events of these people in `[start, end)`, by person then time. */
  async events(
    db: Queryable,
    query: EventOwners & { start: Date; end: Date },
  ): Promise<EventsOfPerson<DaysEvent>> {
    const byPerson = new Map<string, DaysEvent[]>();
    const owners = ownersSql(query, 2);
    if (owners) {
      const { rows } = await db.query<EventRow>(
        `SELECT e.id, e.person_id, (extract(epoch FROM e.recorded_at) * 1000)::float8 AS at_ms, e.direction,
                e.camera_id, e.source
         FROM attendance_event e ${owners.join}
         WHERE ${owners.where} AND e.voided_at IS NULL AND e.recorded_at >= $1 AND e.recorded_at < $2
         ORDER BY e.person_id, e.recorded_at`,
        [query.start.toISOString(), query.end.toISOString(), ...owners.params],
      );
      for (const row of rows) {
        const event: DaysEvent = {
          id: row.id,
          personId: row.person_id,
          at: new Date(Number(row.at_ms)),
          direction: row.direction,
          cameraId: row.camera_id,
          source: row.source,
        };
        const list = byPerson.get(event.personId);
        if (list) list.push(event);
        else byPerson.set(event.personId, [event]);
      }
    }
    return (personId) => byPerson.get(personId) ?? [];
  }

  /**
   * {@link events} without ids, cameras or sources, packed into one text per person by PostgreSQL
   * (`<epoch ms><i|o|b>,…`, any order): a report of 10,000 people × 30 days reads 10,000 rows instead
   * of 600,000 (row decoding was its cost), and a person's events are unpacked only when asked for, so
   * they never all live at once.
   */
  async eventTimes(
    db: Database,
    query: EventOwners & { start: Date; end: Date },
  ): Promise<EventsOfPerson<TimedEvent>> {
    const packed = new Map<string, string>();
    const owners = ownersSql(query, 2);
    if (owners) {
      const { rows } = await db.transaction(async (tx) => {
        // 10,000 people's packed texts (~17 MB) aggregate in memory instead of spilling to disk at the
        // default 4 MB; compiling the plan (JIT) costs more than it saves on this one pass.
        await tx.query("SET LOCAL work_mem = '64MB'");
        await tx.query('SET LOCAL jit = off');
        return tx.query<{ person_id: string; packed: string }>(
          `SELECT e.person_id,
                  string_agg((date_part('epoch', e.recorded_at) * 1000)::bigint::text || left(e.direction, 1), ',')
                    AS packed
           FROM attendance_event e ${owners.join}
           WHERE ${owners.where} AND e.voided_at IS NULL AND e.recorded_at >= $1 AND e.recorded_at < $2
           GROUP BY e.person_id`,
          [query.start.toISOString(), query.end.toISOString(), ...owners.params],
        );
      });
      for (const row of rows) packed.set(row.person_id, row.packed);
    }
    return (personId) => unpackTimes(packed.get(personId));
  }

  /** Leave of these people overlapping `[from, to]` (inclusive local days). */
  async leave(
    db: Queryable,
    query: EventOwners & { from: string; to: string },
  ): Promise<Map<string, { from: string; to: string }[]>> {
    const byPerson = new Map<string, { from: string; to: string }[]>();
    const owners = ownersSql(query, 2, 'l');
    if (!owners) return byPerson;
    const { rows } = await db.query<{ person_id: string; from_day: string; to_day: string }>(
      `SELECT l.person_id, l.from_day::text AS from_day, l.to_day::text AS to_day FROM person_leave l ${owners.join}
       WHERE ${owners.where} AND l.from_day <= $2 AND l.to_day >= $1`,
      [query.from, query.to, ...owners.params],
    );
    for (const row of rows) {
      const ranges = byPerson.get(row.person_id) ?? [];
      ranges.push({ from: row.from_day, to: row.to_day });
      byPerson.set(row.person_id, ranges);
    }
    return byPerson;
  }
}

const DIRECTIONS: Readonly<Record<string, EventDirection>> = { i: 'in', o: 'out', b: 'both' };

/** Reads `<epoch ms><i|o|b>,…` in one pass over the text (no substrings: a report unpacks 600,000). */
function unpackTimes(packed: string | undefined): TimedEvent[] {
  const events: TimedEvent[] = [];
  if (!packed) return events;
  let ms = 0;
  for (let i = 0; i < packed.length; i++) {
    const code = packed.charCodeAt(i);
    if (code >= 48 && code <= 57) {
      ms = ms * 10 + (code - 48);
    } else if (code !== 44) {
      events.push({ at: new Date(ms), direction: DIRECTIONS[packed[i] ?? ''] ?? 'both' });
      ms = 0;
    }
  }
  return events;
}
