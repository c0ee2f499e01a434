import type { Queryable } from '../db/database.js';
import { hnswIndexDdl, hnswIndexName, type HnswParameters } from '../db/vector-sql.js';
import type { RecognitionModel } from './model.repository.js';

export interface IndexInfo {
  name: string;
  valid: boolean;
  sizeBytes: number;
  /** m and ef_construction the index was built with (pgvector's defaults where it was built without). */
  hnsw: HnswParameters;
}

/** pgvector's HNSW build parameters when CREATE INDEX names none. */
const PGVECTOR_DEFAULT_HNSW: HnswParameters = { m: 16, efConstruction: 64 };

/** A running CREATE INDEX on face_template, from pg_stat_progress_create_index (PostgreSQL only). */
export interface IndexBuildProgress {
  phase: string;
  /** 0–100: heap blocks scanned (pgvector inserts into the graph while scanning), else tuples done. */
  percent: number | null;
}

/** SQL for a model's HNSW index: inspect, drop, (re)build, and the progress of a build. */
export class ModelIndexRepository {
  async find(db: Queryable, modelId: string): Promise<IndexInfo | undefined> {
    const { rows } = await db.query<{
      name: string;
      valid: boolean;
      size_bytes: string;
      reloptions: string[] | null;
    }>(
      `SELECT c.relname AS name, i.indisvalid AS valid, pg_relation_size(c.oid)::text AS size_bytes, c.reloptions
       FROM pg_class c JOIN pg_index i ON i.indexrelid = c.oid WHERE c.oid = to_regclass($1)`,
      [hnswIndexName(modelId)],
    );
    const row = rows[0];
    return (
      row && {
        name: row.name,
        valid: row.valid,
        sizeBytes: Number(row.size_bytes),
        hnsw: hnswParametersOf(row.reloptions ?? []),
      }
    );
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
   * Builds the index under a temporary name at `model.indexPrecision`, then swaps it in and records the
   * precision, all in `tx`: CREATE INDEX only blocks writes, so identify keeps using the old index (or an
   * exact scan) until the swap at the very end.
   */
  async rebuild(tx: Queryable, model: RecognitionModel, hnsw: HnswParameters): Promise<void> {
    const name = hnswIndexName(model.id);
    const building = `${name}_build`;
    await tx.query(`DROP INDEX IF EXISTS ${building}`);
    await tx.query(hnswIndexDdl(model, hnsw, building));
    await tx.query(`DROP INDEX IF EXISTS ${name}`);
    await tx.query(`ALTER INDEX ${building} RENAME TO ${name}`);
    await tx.query('UPDATE recognition_model SET index_precision = $2 WHERE id = $1', [
      model.id,
      model.indexPrecision,
    ]);
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

/** m and ef_construction from an index's reloptions (`{m=24,ef_construction=200}`). */
function hnswParametersOf(reloptions: readonly string[]): HnswParameters {
  const options = new Map(reloptions.map((option) => option.split('=') as [string, string]));
  return {
    m: Number(options.get('m') ?? PGVECTOR_DEFAULT_HNSW.m),
    efConstruction: Number(options.get('ef_construction') ?? PGVECTOR_DEFAULT_HNSW.efConstruction),
  };
}
