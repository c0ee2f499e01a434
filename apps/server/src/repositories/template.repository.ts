import type { Template } from '@attendance/protocol';
import type { Queryable } from '../db/database.js';
import { isoTimestamp } from '../db/sql-values.js';
import {
  dimLiteral,
  indexedEmbedding,
  modelLiteral,
  toVectorLiteral,
  VectorParam,
  type IndexPrecision,
} from '../db/vector-sql.js';

interface TemplateRow {
  id: string;
  model: string;
  dim: number;
  created_at: Date;
}

/** One nearest-neighbour candidate: a template's person and its cosine similarity to the probe. */
export interface Candidate {
  personId: string;
  name: string;
  externalId: string | null;
  active: boolean;
  similarity: number;
}

export interface NearestOptions {
  model: string;
  dim: number;
  /** The precision of the model's index: the search orders by the expression the index was built over. */
  indexPrecision: IndexPrecision;
  /** Unit-length probe of `dim` values. */
  probe: Float32Array;
  /** How many nearest templates to fetch before filtering (enough to find a runner-up person). */
  limit: number;
  /** Drop candidates of inactive people (identify); keep them for the duplicate check. */
  activeOnly: boolean;
  /**
   * HNSW search breadth, set by the statement itself (no transaction or extra round trip needed). Omitted:
   * the caller has set `hnsw.ef_search` on `db` beforehand ({@link TemplateRepository.setEfSearch}).
   */
  efSearch?: number;
  /**
   * Columns another table contributes about the best candidate's person, answered in the same statement
   * (identify: the attendance side's cooldown confirmation, so a repeat sighting needs no second round trip).
   */
  aboutTop?: TopPersonColumns<unknown>;
}

/**
 * Select-list columns about the best candidate's person, written by the repository that owns them: `columns`
 * gets the SQL of that person's id and the number of its first parameter; `params` are those parameters'
 * values; `read` turns a result row (every column of the statement) into its answer.
 */
export interface TopPersonColumns<Answer> {
  columns(personId: string, firstParam: number): string;
  params: readonly (string | number | null)[];
  read(row: Record<string, unknown>): Answer;
}

/** The best candidate's person with what {@link NearestOptions.aboutTop} answered about it. */
export type TopPerson<Answer> = Answer & { personId: string };

/** A row of the nearest statement ({@link TemplateRepository.nearestSql}). */
export interface CandidateRow {
  person_id: string;
  name: string;
  external_id: string | null;
  active: boolean;
  similarity: number;
}

export const toCandidate = (row: CandidateRow): Candidate => ({
  personId: row.person_id,
  name: row.name,
  externalId: row.external_id,
  active: row.active,
  similarity: Number(row.similarity),
});

const toTemplate = (row: TemplateRow): Template => ({
  id: row.id,
  model: row.model,
  dim: row.dim,
  created_at: isoTimestamp(row.created_at),
});

/** SQL for `face_template`, including the nearest-neighbour search. */
export class TemplateRepository {
  async insert(
    db: Queryable,
    personId: string,
    model: string,
    dim: number,
    vectors: Float32Array[],
  ): Promise<Template[]> {
    const created: Template[] = [];
    for (const vector of vectors) {
      const { rows } = await db.query<TemplateRow>(
        `INSERT INTO face_template (person_id, model, embedding) VALUES ($1, $2, $3::vector(${dimLiteral(dim)}))
         RETURNING id, model, vector_dims(embedding) AS dim, created_at`,
        [personId, model, toVectorLiteral(vector)],
      );
      if (rows[0]) created.push(toTemplate(rows[0]));
    }
    return created;
  }

  async listByPerson(db: Queryable, personId: string): Promise<Template[]> {
    const { rows } = await db.query<TemplateRow>(
      `SELECT id, model, vector_dims(embedding) AS dim, created_at FROM face_template
       WHERE person_id = $1 ORDER BY created_at, id`,
      [personId],
    );
    return rows.map(toTemplate);
  }

  async delete(db: Queryable, personId: string, templateId: string): Promise<boolean> {
    const { rowCount } = await db.query('DELETE FROM face_template WHERE id = $1 AND person_id = $2', [
      templateId,
      personId,
    ]);
    return rowCount > 0;
  }

  /**
   * The SQL of {@link findNearest}: "nearest N, then filter". The CTE orders by the same expression as the
   * model's partial HNSW index (at its precision), with the model id as a literal, so the planner can use the
   * index; the N candidates are then re-ranked by their full-precision distance and the person filter runs
   * on at most N rows. `$1` is the probe vector.
   *
   * With `efSearch`, `$2` is the search breadth and the statement sets it itself: `set_config(…, true)` in
   * a one-row subquery that the index scan depends on LATERALly, so it runs before the scan's first tuple
   * (where pgvector reads `hnsw.ef_search`) and lasts until the end of the statement's transaction (the
   * implicit one of a lone statement). One round trip instead of BEGIN, set_config, search, COMMIT.
   *
   * With `aboutTop`, its parameters follow and every row also carries its columns and `top_person_id`.
   */
  nearestSql(
    options: Pick<
      NearestOptions,
      'model' | 'dim' | 'indexPrecision' | 'limit' | 'activeOnly' | 'efSearch' | 'aboutTop'
    >,
  ): string {
    const dim = dimLiteral(options.dim);
    const limit = Math.max(1, Math.min(1000, Math.trunc(options.limit)));
    const indexed = (value: string) => indexedEmbedding(value, options.indexPrecision, options.dim);
    const search = (indent: string, condition: string) =>
      [
        `SELECT t.person_id, (t.embedding::vector(${dim})) <=> $1::vector(${dim}) AS distance`,
        'FROM face_template t',
        `WHERE t.model = ${modelLiteral(options.model)}${condition}`,
        `ORDER BY ${indexed('t.embedding')} <=> ${indexed('$1')}`,
        `LIMIT ${limit}`,
      ].join(`\n${indent}`);
    const candidates =
      options.efSearch === undefined
        ? `  ${search('  ', '')}`
        : `  SELECT n.person_id, n.distance
  FROM (SELECT set_config('hnsw.ef_search', $2, true) AS ef_search) AS setting,
  LATERAL (
    ${search('    ', ' AND setting.ef_search IS NOT NULL')}
  ) AS n`;
    const people = `FROM candidates c JOIN person p ON p.id = c.person_id${options.activeOnly ? '\nWHERE p.active' : ''}`;
    if (options.aboutTop === undefined) {
      return `WITH candidates AS (
${candidates}
)
SELECT c.person_id, p.name, p.external_id, p.active, 1 - c.distance AS similarity
${people}
ORDER BY c.distance`;
    }
    const columns = options.aboutTop.columns('top.person_id', options.efSearch === undefined ? 2 : 3);
    // MATERIALIZED: the top person's columns are computed once, not once per candidate row.
    return `WITH candidates AS (
${candidates}
), ranked AS (
  SELECT c.person_id, p.name, p.external_id, p.active, c.distance
  ${people.replaceAll('\n', '\n  ')}
), about_top AS MATERIALIZED (
  SELECT top.person_id AS top_person_id,
  ${columns.replaceAll('\n', '\n  ')}
  FROM (SELECT person_id FROM ranked ORDER BY distance LIMIT 1) AS top
)
SELECT r.person_id, r.name, r.external_id, r.active, 1 - r.distance AS similarity, k.*
FROM ranked r LEFT JOIN about_top k ON true
ORDER BY r.distance`;
  }

  /**
   * Parameters of {@link nearestSql} for `options`: the probe (binary on pg, text on PGlite), then the search
   * breadth when the statement sets it, then those of `aboutTop`.
   */
  nearestParams(
    options: Pick<NearestOptions, 'probe' | 'efSearch' | 'aboutTop'>,
  ): [VectorParam, ...(string | number | null)[]] {
    const probe = new VectorParam(options.probe);
    const efSearch = options.efSearch === undefined ? [] : [String(Math.trunc(options.efSearch))];
    return [probe, ...efSearch, ...(options.aboutTop?.params ?? [])];
  }

  /** Nearest templates of one model, best first (see {@link NearestOptions.efSearch}). */
  async findNearest(db: Queryable, options: Omit<NearestOptions, 'aboutTop'>): Promise<Candidate[]> {
    const { rows } = await db.query<CandidateRow>(this.nearestSql(options), this.nearestParams(options));
    return rows.map(toCandidate);
  }

  /**
   * {@link findNearest} that also answers `aboutTop` for the best candidate's person in the same statement;
   * `top` is null when there is no candidate.
   */
  async findNearestWithTop<Answer>(
    db: Queryable,
    options: Omit<NearestOptions, 'aboutTop'> & { aboutTop: TopPersonColumns<Answer> },
  ): Promise<{ candidates: Candidate[]; top: TopPerson<Answer> | null }> {
    // Prepared: identify's hot path skips parsing and planning this statement on every request.
    const { rows } = await db.query<CandidateRow & { top_person_id: string | null }>(
      this.nearestSql(options),
      this.nearestParams(options),
      { prepare: true },
    );
    const first = rows[0];
    const top =
      first?.top_person_id == null
        ? null
        : {
            ...options.aboutTop.read(first as unknown as Record<string, unknown>),
            personId: first.top_person_id,
          };
    return { candidates: rows.map(toCandidate), top };
  }

  /** Per-transaction HNSW search breadth (`SET LOCAL` cannot take a bind parameter; set_config can). */
  async setEfSearch(db: Queryable, efSearch: number): Promise<void> {
    await db.query("SELECT set_config('hnsw.ef_search', $1, true)", [String(efSearch)]);
  }
}
