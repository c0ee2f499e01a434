import type { Queryable } from '../db/database.js';

/** Name an erased person's row keeps when their attendance events are kept (no personal data). */
export const ERASED_PERSON_NAME = 'Erased person';

/** SQL of erasing a person: each statement reports how many rows it removed, for the audit log. */
export class ErasureRepository {
  /** Locks the person row; `undefined` when there is none (never existed, or fully erased). */
  async lockPerson(db: Queryable, id: string): Promise<{ erased: boolean } | undefined> {
    const { rows } = await db.query<{ erased: boolean }>(
      'SELECT erased_at IS NOT NULL AS erased FROM person WHERE id = $1 FOR UPDATE',
      [id],
    );
    return rows[0];
  }

  async deleteTemplates(db: Queryable, personId: string): Promise<number> {
    return (await db.query('DELETE FROM face_template WHERE person_id = $1', [personId])).rowCount;
  }

  /**
   * Clears the free-text reasons of corrections to the person's events (a reason may name them); the
   * entries keep who, when and what. Run before the events go.
   */
  async clearCorrectionReasons(db: Queryable, personId: string): Promise<number> {
    const { rowCount } = await db.query(
      `UPDATE audit_log SET reason = NULL
       WHERE reason IS NOT NULL AND subject_id IN (SELECT id FROM attendance_event WHERE person_id = $1)`,
      [personId],
    );
    return rowCount;
  }

  async deleteEvents(db: Queryable, personId: string): Promise<number> {
    return (await db.query('DELETE FROM attendance_event WHERE person_id = $1', [personId])).rowCount;
  }

  async countEvents(db: Queryable, personId: string): Promise<number> {
    const { rows } = await db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM attendance_event WHERE person_id = $1',
      [personId],
    );
    return rows[0]?.n ?? 0;
  }

  async deletePerson(db: Queryable, personId: string): Promise<void> {
    await db.query('DELETE FROM person WHERE id = $1', [personId]);
  }

  /** Keeps the row only as the anonymous anchor of kept events: no name, no external id, inactive. */
  async anonymise(db: Queryable, personId: string): Promise<void> {
    await db.query(
      `UPDATE person SET name = $2, external_id = NULL, role = 'erased', active = false,
         erased_at = now(), updated_at = now() WHERE id = $1`,
      [personId, ERASED_PERSON_NAME],
    );
  }
}
