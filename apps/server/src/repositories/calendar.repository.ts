import type { Holiday, Leave, LeaveInput } from '@attendance/protocol';
import type { Queryable } from '../db/database.js';

interface LeaveRow {
  id: string;
  person_id: string;
  from_day: string;
  to_day: string;
  reason: string;
}

const toLeave = (row: LeaveRow): Leave => ({
  id: row.id,
  person_id: row.person_id,
  from: row.from_day,
  to: row.to_day,
  reason: row.reason,
});

const LEAVE_COLUMNS = 'id, person_id, from_day::text AS from_day, to_day::text AS to_day, reason';

/** SQL for `holiday` and `person_leave`: the days people are not expected. */
export class CalendarRepository {
  async listHolidays(
    db: Queryable,
    range: { from?: string | undefined; to?: string | undefined },
  ): Promise<Holiday[]> {
    const { rows } = await db.query<Holiday>(
      `SELECT day::text AS day, name FROM holiday
       WHERE ($1::date IS NULL OR day >= $1) AND ($2::date IS NULL OR day <= $2) ORDER BY day`,
      [range.from ?? null, range.to ?? null],
    );
    return rows;
  }

  async putHoliday(db: Queryable, holiday: Holiday): Promise<Holiday> {
    await db.query(
      'INSERT INTO holiday (day, name) VALUES ($1, $2) ON CONFLICT (day) DO UPDATE SET name = $2',
      [holiday.day, holiday.name],
    );
    return holiday;
  }

  async removeHoliday(db: Queryable, day: string): Promise<boolean> {
    const { rowCount } = await db.query('DELETE FROM holiday WHERE day = $1', [day]);
    return rowCount > 0;
  }

  async listLeave(db: Queryable, personId: string): Promise<Leave[]> {
    const { rows } = await db.query<LeaveRow>(
      `SELECT ${LEAVE_COLUMNS} FROM person_leave WHERE person_id = $1 ORDER BY from_day, id`,
      [personId],
    );
    return rows.map(toLeave);
  }

  async addLeave(db: Queryable, personId: string, leave: LeaveInput): Promise<Leave> {
    const { rows } = await db.query<LeaveRow>(
      `INSERT INTO person_leave (person_id, from_day, to_day, reason) VALUES ($1, $2, $3, $4)
       RETURNING ${LEAVE_COLUMNS}`,
      [personId, leave.from, leave.to, leave.reason],
    );
    if (!rows[0]) throw new Error('leave insert returned no row');
    return toLeave(rows[0]);
  }

  async removeLeave(db: Queryable, personId: string, leaveId: string): Promise<boolean> {
    const { rowCount } = await db.query('DELETE FROM person_leave WHERE id = $1 AND person_id = $2', [
      leaveId,
      personId,
    ]);
    return rowCount > 0;
  }
}
