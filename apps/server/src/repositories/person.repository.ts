import type { Person } from '@attendance/protocol';
import type { Queryable } from '../db/database.js';
import { escapeLike, isoTimestamp } from '../db/sql-values.js';

interface PersonRow {
  id: string;
  name: string;
  external_id: string | null;
  role: string;
  active: boolean;
  template_count: number;
  created_at: Date;
  updated_at: Date;
}

export interface NewPerson {
  name: string;
  externalId: string | null;
  role: string;
  active: boolean;
}

export type PersonPatch = Partial<NewPerson>;

const COLUMNS = `p.id, p.name, p.external_id, p.role, p.active, p.created_at, p.updated_at,
  (SELECT count(*)::int FROM face_template t WHERE t.person_id = p.id) AS template_count`;

const toPerson = (row: PersonRow): Person => ({
  id: row.id,
  name: row.name,
  external_id: row.external_id,
  role: row.role,
  active: row.active,
  template_count: row.template_count,
  created_at: isoTimestamp(row.created_at),
  updated_at: isoTimestamp(row.updated_at),
});

/** SQL for the `person` table. */
export class PersonRepository {
  async create(db: Queryable, person: NewPerson): Promise<Person> {
    const { rows } = await db.query<{ id: string }>(
      'INSERT INTO person (name, external_id, role, active) VALUES ($1, $2, $3, $4) RETURNING id',
      [person.name, person.externalId, person.role, person.active],
    );
    const created = await this.findById(db, rows[0]?.id ?? '');
    if (!created) throw new Error('inserted person not found');
    return created;
  }

  async findById(db: Queryable, id: string): Promise<Person | undefined> {
    const { rows } = await db.query<PersonRow>(
      `SELECT ${COLUMNS} FROM person p WHERE p.id = $1 AND p.erased_at IS NULL`,
      [id],
    );
    return rows[0] && toPerson(rows[0]);
  }

  /** Case-insensitive substring search over name and external id, newest first. */
  async list(
    db: Queryable,
    options: {
      q?: string | undefined;
      active?: boolean | undefined;
      without_model?: string | undefined;
      limit: number;
      offset: number;
    },
  ): Promise<{ items: Person[]; total: number }> {
    const where = [
      'p.erased_at IS NULL',
      '($1::text IS NULL OR p.name ILIKE $1 OR p.external_id ILIKE $1)',
      '($2::boolean IS NULL OR p.active = $2)',
      '($3::text IS NULL OR NOT EXISTS (SELECT 1 FROM face_template t WHERE t.person_id = p.id AND t.model = $3))',
    ];
    const params = [
      options.q ? `%${escapeLike(options.q)}%` : null,
      options.active ?? null,
      options.without_model ?? null,
    ];
    const { rows } = await db.query<PersonRow>(
      `SELECT ${COLUMNS} FROM person p WHERE ${where.join(' AND ')}
       ORDER BY p.created_at DESC, p.id LIMIT $4 OFFSET $5`,
      [...params, options.limit, options.offset],
    );
    const count = await db.query<{ total: number }>(
      `SELECT count(*)::int AS total FROM person p WHERE ${where.join(' AND ')}`,
      params,
    );
    return { items: rows.map(toPerson), total: count.rows[0]?.total ?? 0 };
  }

  /** Updates the given fields; returns undefined when the person does not exist. */
  async update(db: Queryable, id: string, patch: PersonPatch): Promise<Person | undefined> {
    const columns: Record<keyof NewPerson, string> = {
      name: 'name',
      externalId: 'external_id',
      role: 'role',
      active: 'active',
    };
    const sets: string[] = [];
    const params: unknown[] = [id];
    for (const key of Object.keys(columns) as (keyof NewPerson)[]) {
      if (patch[key] === undefined) continue;
      params.push(patch[key]);
      sets.push(`${columns[key]} = $${params.length}`);
    }
    const { rowCount } = await db.query(
      `UPDATE person SET ${[...sets, 'updated_at = now()'].join(', ')} WHERE id = $1 AND erased_at IS NULL`,
      params,
    );
    return rowCount === 0 ? undefined : this.findById(db, id);
  }

  /** Deletes the person row; templates and events go with it (ON DELETE CASCADE). See ErasureRepository. */
  async delete(db: Queryable, id: string): Promise<boolean> {
    const { rowCount } = await db.query('DELETE FROM person WHERE id = $1', [id]);
    return rowCount > 0;
  }

  /** Takes a row lock so concurrent template changes of one person serialise. */
  async lockById(db: Queryable, id: string): Promise<{ active: boolean } | undefined> {
    const { rows } = await db.query<{ active: boolean }>(
      'SELECT active FROM person WHERE id = $1 AND erased_at IS NULL FOR UPDATE',
      [id],
    );
    return rows[0];
  }
}
