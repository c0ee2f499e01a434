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
