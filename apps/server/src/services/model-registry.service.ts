import type { Database, Queryable } from '../db/database.js';
import type { IndexPrecision } from '../db/vector-sql.js';
import { AppError } from '../errors.js';
import type { ModelRepository, RecognitionModel } from '../repositories/model.repository.js';

/** pgvector's HNSW index supports `vector` up to 2,000 dimensions. */
export const MAX_INDEXED_DIM = 2000;

export interface ModelRegistryDeps {
  readonly db: Database;
  readonly models: ModelRepository;
  readonly hnsw: { m: number; efConstruction: number };
  /** The precision of indexes built from now on (`preferredIndexPrecision` of the database). */
  readonly indexPrecision: IndexPrecision;
}

/** Known recognition models and their dimensions; a model's dimension never changes once registered. */
export class ModelRegistry {
  // A model's id and dimension never change, so a positive lookup is remembered; only a rebuild of its index
  // in this process changes its precision, and forgets it.
  readonly #known = new Map<string, RecognitionModel>();

  constructor(private readonly deps: ModelRegistryDeps) {}

  /** The precision of indexes built from now on. */
  get indexPrecision(): IndexPrecision {
    return this.deps.indexPrecision;
  }

  /** The registered model, or 422 unknown_model. */
  async require(id: string): Promise<RecognitionModel> {
    const model = await this.find(id);
    if (!model) throw new AppError('unknown_model', `model "${id}" has no enrolled templates; enroll first`);
    return model;
  }

  async find(id: string): Promise<RecognitionModel | undefined> {
    const cached = this.#known.get(id);
    if (cached) return cached;
    const model = await this.deps.models.find(this.deps.db, id);
    if (model) this.#known.set(id, model);
    return model;
  }

  /** Registers `id` with `dim` inside `tx` (first enrollment); 422 if it exists with another dimension. */
  async ensure(tx: Queryable, id: string, dim: number): Promise<RecognitionModel> {
    if (dim > MAX_INDEXED_DIM) {
      throw new AppError('embedding_dimension_mismatch', `at most ${MAX_INDEXED_DIM} values per embedding`);
    }
    const model = await this.deps.models.register(
      tx,
      { id, dim, indexPrecision: this.deps.indexPrecision },
      this.deps.hnsw,
    );
    if (model.dim !== dim) {
      throw new AppError(
        'embedding_dimension_mismatch',
        `model "${id}" expects ${model.dim} values, got ${dim}`,
      );
    }
    return model;
  }

  /** Forgets the cached lookup of `id` (its index was rebuilt), or all of them (migrations reverted). */
  reset(id?: string): void {
    if (id === undefined) this.#known.clear();
    else this.#known.delete(id);
  }
}
