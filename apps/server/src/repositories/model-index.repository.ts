import type { Queryable } from '../db/database.js';
import { hnswIndexDdl, hnswIndexName, type HnswParameters } from '../db/vector-sql.js';

export interface IndexInfo {
  name: string;
  valid: boolean;
  sizeBytes: number;
}

/** A running CREATE INDEX on face_template, from pg_stat_progress_create_index (PostgreSQL only). */
export interface IndexBuildProgress {
  phase: string;
  /** 0–100: heap blocks scanned (pgvector inserts into the graph while scanning), else tuples done. */
  percent: number | null;
}

/** SQL for a model's HNSW index: inspect, drop, (re)build, and the progress of a build. */
export class ModelIndexRepository {
  async find(db: Queryable, modelId: string): Promise<IndexInfo | undefined> {
    const { rows } = await db.query<{ name: string; valid: boolean; size_bytes: string }>(
      `SELECT c.relname AS name, i.indisvalid AS valid, pg_relation_size(c.oid)::text AS size_bytes
       FROM pg_class c JOIN pg_index i ON i.indexrelid = c.oid WHERE c.oid = to_regclass($1)`,
      [hnswIndexName(modelId)],
    );
    const row = rows[0];
    return row && { name: row.name, valid: row.valid, sizeBytes: Number(row.size_bytes) };
  }

  async countTemplates(db: Queryable, modelId: string): Promise<number> {
    const { rows } = await db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM face_template WHERE model = $1',
      [modelId],
    );
    return rows[0]?.n ?? 0;
  }

  /** Drops the model's index (before a large import: one bulk build is much faster than incremental inserts). */
  async drop(db: Queryable, modelId: string): Promise<boolean> {
    const existed = (await this.find(db, modelId)) !== undefined;
    await db.query(`DROP INDEX IF EXISTS ${hnswIndexName(modelId)}`);
    return existed;
  }

  /**
   * Builds the index under a temporary name, then swaps it in, all in `tx`: CREATE INDEX only blocks writes,
   * so identify keeps using the old index (or an exact scan) until the swap at the very end.
   */
  async rebuild(tx: Queryable, model: { id: string; dim: number }, hnsw: HnswParameters): Promise<void> {
    const name = hnswIndexName(model.id);
    const building = `${name}_build`;
    await tx.query(`DROP INDEX IF EXISTS ${building}`);
    await tx.query(hnswIndexDdl(model, hnsw, building));
    await tx.query(`DROP INDEX IF EXISTS ${name}`);
    await tx.query(`ALTER INDEX ${building} RENAME TO ${name}`);
  }

  async progress(db: Queryable): Promise<IndexBuildProgress | undefined> {
    const { rows } = await db.query<{
      phase: string;
      blocks_total: string;
      blocks_done: string;
      tuples_total: string;
      tuples_done: string;
    }>(
      `SELECT phase, blocks_total::text, blocks_done::text, tuples_total::text, tuples_done::text
       FROM pg_stat_progress_create_index WHERE relid = 'face_template'::regclass LIMIT 1`,
    );
    const row = rows[0];
    if (!row) return undefined;
    const ratio = (done: string, total: string) =>
      Number(total) > 0 ? Math.min(100, (100 * Number(done)) / Number(total)) : null;
    return {
      phase: row.phase,
      percent: ratio(row.blocks_done, row.blocks_total) ?? ratio(row.tuples_done, row.tuples_total),
    };
  }
}
