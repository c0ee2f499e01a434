import type { Logger } from 'pino';
import type { Database } from '../db/database.js';
import { preferredIndexPrecision } from '../db/vector-sql.js';
import type { ModelIndexRepository } from '../repositories/model-index.repository.js';
import type { ModelRepository } from '../repositories/model.repository.js';

/**
 * Brings each model's HNSW index to the database's precision (`preferredIndexPrecision`) at startup. An
 * embedded database has one process, so its indexes are rebuilt here, once, with the m and ef_construction
 * they were built with (3,000 templates: about 5 s). On PostgreSQL other instances may be searching, so a
 * model whose index differs (data moved from an embedded installation) is only reported, with how to
 * rebuild it. Returns the ids of the models rebuilt.
 */
export async function upgradeIndexPrecision(
  db: Database,
  repositories: { models: ModelRepository; indexes: ModelIndexRepository },
  logger: Pick<Logger, 'info' | 'warn'>,
): Promise<string[]> {
  const precision = preferredIndexPrecision(db.driver);
  const rebuilt: string[] = [];
  for (const model of await repositories.models.list(db)) {
    if (model.indexPrecision === precision) continue;
    const index = await repositories.indexes.find(db, model.id);
    if (!index) continue; // dropped for an import: its rebuild will use the database's precision
    if (db.driver === 'postgres') {
      logger.warn(
        { model: model.id, indexPrecision: model.indexPrecision, preferred: precision },
        `the HNSW index of model ${model.id} stores ${model.indexPrecision}, not ${precision}: rebuild it with ` +
          `POST /v1/models/${model.id}/index (identify keeps working meanwhile) and restart the other instances`,
      );
      continue;
    }
    const templates = await repositories.indexes.countTemplates(db, model.id);
    logger.info(
      { model: model.id, templates, from: model.indexPrecision, to: precision },
      `rebuilding the HNSW index of model ${model.id} as ${precision} (once; faster enrolment on the embedded database)`,
    );
    const startedAt = performance.now();
    await db.transaction((tx) =>
      repositories.indexes.rebuild(tx, { ...model, indexPrecision: precision }, index.hnsw),
    );
    logger.info(
      { model: model.id, durationMs: Math.round(performance.now() - startedAt) },
      `HNSW index of model ${model.id} rebuilt as ${precision}`,
    );
    rebuilt.push(model.id);
  }
  return rebuilt;
}
