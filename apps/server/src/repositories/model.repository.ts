import type { Queryable } from '../db/database.js';
import { hnswIndexDdl, type HnswParameters, type IndexPrecision } from '../db/vector-sql.js';

export interface RecognitionModel {
  id: string;
  dim: number;
  /** What the model's HNSW index stores; searches order by the same cast. */
  indexPrecision: IndexPrecision;
}

const COLUMNS = 'id, dim, index_precision AS "indexPrecision"';

/** SQL for `recognition_model` and each model's partial HNSW index. */
export class ModelRepository {
  async find(db: Queryable, id: string): Promise<RecognitionModel | undefined> {
    const { rows } = await db.query<RecognitionModel>(
      `SELECT ${COLUMNS} FROM recognition_model WHERE id = $1`,
      [id],
    );
    return rows[0];
  }

  /**
   * Registers a model with its dimension and creates its HNSW index, under an advisory lock so concurrent
   * first registrations of one model neither race on the index nor disagree on the dimension.
   * Returns the stored model, which may differ in `dim` from the request if it already existed.
   */
  async register(tx: Queryable, model: RecognitionModel, hnsw: HnswParameters): Promise<RecognitionModel> {
    await tx.query("SELECT pg_advisory_xact_lock(hashtext('model:' || $1))", [model.id]);
    const existing = await this.find(tx, model.id);
    if (existing) return existing;
    await tx.query('INSERT INTO recognition_model (id, dim, index_precision) VALUES ($1, $2, $3)', [
      model.id,
      model.dim,
      model.indexPrecision,
    ]);
    await tx.query(hnswIndexDdl(model, hnsw));
    return model;
  }

  async list(db: Queryable): Promise<RecognitionModel[]> {
    const { rows } = await db.query<RecognitionModel>(`SELECT ${COLUMNS} FROM recognition_model ORDER BY id`);
    return rows;
  }

  async count(db: Queryable): Promise<number> {
    const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM recognition_model');
    return rows[0]?.n ?? 0;
  }
}
