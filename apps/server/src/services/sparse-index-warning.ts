import type { Logger } from 'pino';
import type { Database } from '../db/database.js';
import type { HnswParameters } from '../db/vector-sql.js';
import type { ModelIndexRepository } from '../repositories/model-index.repository.js';
import type { ModelRepository } from '../repositories/model.repository.js';

/**
 * Indexes keep the m and ef_construction they were built with; the search breadths (HNSW_EF_SEARCH…) are
 * chosen for the configured graph (bench/RESULTS.md). At startup, warns about each model whose index was
 * built sparser than configured (an index from before a default changed, or from other settings), with how
 * to rebuild it. Returns the ids of the models warned about.
 */
export async function warnAboutSparserIndexes(
  db: Database,
  repositories: { models: ModelRepository; indexes: ModelIndexRepository },
  configured: HnswParameters,
  logger: Pick<Logger, 'warn'>,
): Promise<string[]> {
  const warned: string[] = [];
  for (const model of await repositories.models.list(db)) {
    const built = (await repositories.indexes.find(db, model.id))?.hnsw;
    if (!built || (built.m >= configured.m && built.efConstruction >= configured.efConstruction)) continue;
    warned.push(model.id);
    logger.warn(
      { model: model.id, built, configured },
      `the HNSW index of model ${model.id} was built with m=${built.m}, ef_construction=${built.efConstruction}, ` +
        `sparser than HNSW_M=${configured.m}, HNSW_EF_CONSTRUCTION=${configured.efConstruction}: the search ` +
        `breadths are chosen for the configured graph, so a large gallery may miss people. Rebuild it with ` +
        `POST /v1/models/${model.id}/index (identify keeps working meanwhile), or set HNSW_M and ` +
        'HNSW_EF_CONSTRUCTION to what it was built with and raise HNSW_EF_SEARCH (docs/operations.md)',
    );
  }
  return warned;
}
