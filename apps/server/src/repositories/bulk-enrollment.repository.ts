import type { Queryable } from '../db/database.js';
import { templateCopyData } from '../db/copy-binary.js';
import { dimLiteral, toFloat4ArrayParam } from '../db/vector-sql.js';
import type { NewPerson } from './person.repository.js';

/** A person of a bulk import with the id the server chose for it (so templates can reference it). */
export interface BulkPersonRow extends NewPerson {
  id: string;
}

/**
 * Multi-row writes for bulk imports, one statement per table and batch: people via `unnest` of array
 * parameters; templates by binary `COPY … FROM STDIN` where the driver offers it (PostgreSQL, inside the
 * caller's transaction), else one INSERT with the vectors as one binary float4[] (PGlite). Callers own the
 * transaction.
 */
export class BulkEnrollmentRepository {
  async insertPeople(db: Queryable, people: readonly BulkPersonRow[]): Promise<number> {
    const { rowCount } = await db.query(
      `INSERT INTO person (id, name, external_id, role, active)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::boolean[])`,
      [
        people.map((p) => p.id),
        people.map((p) => p.name),
        people.map((p) => p.externalId),
        people.map((p) => p.role),
        people.map((p) => p.active),
      ],
    );
    return rowCount;
  }

  /** Deletes people of an import being undone (their templates and events cascade). */
  async deletePeople(db: Queryable, ids: readonly string[]): Promise<void> {
    await db.query('DELETE FROM person WHERE id = ANY($1::uuid[])', [ids]);
  }

  /** How many of `externalIds` already belong to a person. */
  async countExistingExternalIds(db: Queryable, externalIds: readonly string[]): Promise<number> {
    if (externalIds.length === 0) return 0;
    const { rows } = await db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM person WHERE external_id = ANY($1::text[])',
      [externalIds],
    );
    return rows[0]?.n ?? 0;
  }

  /** Inserts templates of one model; `personIds[i]` owns `vectors[i]` (unit length, `dim` values each). */
  async insertTemplates(
    db: Queryable,
    options: { model: string; dim: number; personIds: readonly string[]; vectors: readonly Float32Array[] },
  ): Promise<number> {
    if (options.vectors.length === 0) return 0;
    if (db.copyFrom) {
      return db.copyFrom(
        'COPY face_template (person_id, model, embedding) FROM STDIN (FORMAT binary)',
        templateCopyData(options),
      );
    }
    const dim = dimLiteral(options.dim);
    const { rowCount } = await db.query(
      `INSERT INTO face_template (person_id, model, embedding)
       SELECT ($2::uuid[])[i], $1, (($3::float4[])[(i - 1) * ${dim} + 1 : i * ${dim}])::vector(${dim})
       FROM generate_series(1, $4::int) AS i`,
      [options.model, options.personIds, toFloat4ArrayParam(options.vectors), options.vectors.length],
    );
    return rowCount;
  }
}
