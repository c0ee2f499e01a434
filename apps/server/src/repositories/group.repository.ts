import type { Group, GroupInput } from '@attendance/protocol';
import type { Queryable } from '../db/database.js';

interface GroupRow {
  id: string;
  name: string;
  work_days: number[] | null;
  start_time: string | null;
  end_time: string | null;
  grace_minutes: number;
  time_zone: string | null;
  member_ids: string[] | null;
}

const toGroup = (row: GroupRow): Group => ({
  id: row.id,
  name: row.name,
  schedule:
    row.work_days && row.start_time && row.end_time
      ? {
          work_days: row.work_days.map(Number),
          start: row.start_time,
          end: row.end_time,
          grace_minutes: row.grace_minutes,
          time_zone: row.time_zone,
        }
      : null,
  member_ids: row.member_ids ?? [],
});

const SELECT = `SELECT g.id, g.name, g.work_days, g.start_time, g.end_time, g.grace_minutes, g.time_zone,
  (SELECT array_agg(m.person_id::text ORDER BY m.person_id) FROM group_member m WHERE m.group_id = g.id) AS member_ids
  FROM attendance_group g`;

const values = (input: GroupInput) => [
  input.name,
  input.schedule ? [...new Set(input.schedule.work_days)].sort((a, b) => a - b) : null,
  input.schedule?.start ?? null,
  input.schedule?.end ?? null,
  input.schedule?.grace_minutes ?? 0,
  input.schedule?.time_zone ?? null,
];

/** SQL for `attendance_group` and `group_member`. */
export class GroupRepository {
  async list(db: Queryable): Promise<Group[]> {
    const { rows } = await db.query<GroupRow>(`${SELECT} ORDER BY g.name`);
    return rows.map(toGroup);
  }

  async find(db: Queryable, id: string): Promise<Group | undefined> {
    const { rows } = await db.query<GroupRow>(`${SELECT} WHERE g.id = $1`, [id]);
    return rows[0] && toGroup(rows[0]);
  }

  /** Undefined when the name is taken. */
  async create(db: Queryable, input: GroupInput): Promise<string | undefined> {
    const { rows } = await db.query<{ id: string }>(
      `INSERT INTO attendance_group (name, work_days, start_time, end_time, grace_minutes, time_zone)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (name) DO NOTHING RETURNING id`,
      values(input),
    );
    return rows[0]?.id;
  }

  /** False when the group does not exist. Throws a unique violation when the name is taken. */
  async update(db: Queryable, id: string, input: GroupInput): Promise<boolean> {
    const { rowCount } = await db.query(
      `UPDATE attendance_group SET name = $2, work_days = $3, start_time = $4, end_time = $5, grace_minutes = $6,
           time_zone = $7
       WHERE id = $1`,
      [id, ...values(input)],
    );
    return rowCount > 0;
  }

  /** Whether PostgreSQL's time-zone database knows the zone (the day queries convert times with it). */
  async knowsTimeZone(db: Queryable, zone: string): Promise<boolean> {
    const { rows } = await db.query('SELECT 1 FROM pg_timezone_names WHERE name = $1', [zone]);
    return rows.length > 0;
  }

  async nameTakenByOther(db: Queryable, id: string, name: string): Promise<boolean> {
    const { rows } = await db.query('SELECT 1 FROM attendance_group WHERE name = $1 AND id <> $2', [
      name,
      id,
    ]);
    return rows.length > 0;
  }

  async remove(db: Queryable, id: string): Promise<boolean> {
    const { rowCount } = await db.query('DELETE FROM attendance_group WHERE id = $1', [id]);
    return rowCount > 0;
  }

  async addMember(db: Queryable, groupId: string, personId: string): Promise<void> {
    await db.query('INSERT INTO group_member (group_id, person_id) VALUES ($1, $2) ON CONFLICT DO NOTHING', [
      groupId,
      personId,
    ]);
  }

  async removeMember(db: Queryable, groupId: string, personId: string): Promise<boolean> {
    const { rowCount } = await db.query('DELETE FROM group_member WHERE group_id = $1 AND person_id = $2', [
      groupId,
      personId,
    ]);
    return rowCount > 0;
  }
}
