import type { CompatAttendanceRead } from '@attendance/protocol';
import type { Queryable } from '../db/database.js';
import { isoTimestamp } from '../db/sql-values.js';

interface HistoryRow {
  id: string;
  person_id: string;
  local_day: string;
  similarity: number | null;
  camera_id: string | null;
  source: 'camera' | 'manual';
  created_at: Date;
  name: string;
  external_id: string | null;
  role: string;
  active: boolean;
  person_created_at: Date;
  person_updated_at: Date;
}

/** The original's `/attendance/history` shape: events joined with their person, newest first. */
export class CompatHistoryRepository {
  async list(
    db: Queryable,
    options: { day: string | undefined; limit: number; offset: number },
  ): Promise<CompatAttendanceRead[]> {
    const { rows } = await db.query<HistoryRow>(
      `SELECT e.id, e.person_id, e.local_day::text AS local_day, e.similarity, e.camera_id, e.source,
              e.recorded_at AS created_at,
              p.name, p.external_id, p.role, p.active, p.created_at AS person_created_at,
              p.updated_at AS person_updated_at
       FROM attendance_event e JOIN person p ON p.id = e.person_id
       WHERE e.voided_at IS NULL AND ($1::date IS NULL OR e.local_day = $1)
       ORDER BY e.recorded_at DESC, e.id LIMIT $2 OFFSET $3`,
      [options.day ?? null, options.limit, options.offset],
    );
    return rows.map((row) => ({
      id: row.id,
      person_id: row.person_id,
      date: row.local_day,
      // The original knew only face recognition; an event added by hand says so.
      method: row.source === 'manual' ? 'manual' : 'face_bio',
      confidence_score: row.similarity === null ? null : Number(row.similarity),
      camera_id: row.camera_id ?? '',
      created_at: isoTimestamp(row.created_at),
      person: {
        id: row.person_id,
        name: row.name,
        employee_id: row.external_id,
        role: row.role,
        is_active: row.active,
        created_at: isoTimestamp(row.person_created_at),
        updated_at: isoTimestamp(row.person_updated_at),
      },
    }));
  }
}
