import type { Database } from '../../src/db/database.js';

export interface RowCounts {
  person: number;
  face_template: number;
  attendance_event: number;
  recognition_model: number;
  api_key: number;
}

/** Row counts of the tables a request could write, to assert "nothing was written". */
export async function rowCounts(db: Database): Promise<RowCounts> {
  const { rows } = await db.query<RowCounts>(
    `SELECT (SELECT count(*)::int FROM person) AS person,
            (SELECT count(*)::int FROM face_template) AS face_template,
            (SELECT count(*)::int FROM attendance_event) AS attendance_event,
            (SELECT count(*)::int FROM recognition_model) AS recognition_model,
            (SELECT count(*)::int FROM api_key) AS api_key`,
  );
  if (!rows[0]) throw new Error('no counts');
  return rows[0];
}

/**
 * Row counts of EVERY table of the schema (migration bookkeeping excepted), found at call time, so tables
 * added by later migrations are covered without editing this helper.
 */
export async function allTableRowCounts(db: Database): Promise<Record<string, number>> {
  const { rows: tables } = await db.query<{ name: string }>(
    `SELECT table_name AS name FROM information_schema.tables
     WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' AND table_name <> 'schema_migrations'
     ORDER BY table_name`,
  );
  const counts: Record<string, number> = {};
  for (const { name } of tables) {
    const { rows } = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM "${name.replace(/"/g, '""')}"`,
    );
    counts[name] = rows[0]?.n ?? -1;
  }
  return counts;
}
