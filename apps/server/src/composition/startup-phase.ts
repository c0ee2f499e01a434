import type { Logger } from 'pino';
import type { Config } from '../config.js';
import { readMarker } from '../db/embedded/database-marker.js';
import { verifyEmbeddedDatabase } from '../db/embedded/embedded-database-check.js';
import { MIGRATIONS } from '../db/migrations/index.js';
import { migrateUp } from '../db/migrator.js';
import { retryUntilAvailable } from '../db/retry-until-available.js';
import { ApiKeyRepository } from '../repositories/api-key.repository.js';
import { ModelIndexRepository } from '../repositories/model-index.repository.js';
import { ModelRepository } from '../repositories/model.repository.js';
import { bootstrapAdminKey } from '../services/admin-key-bootstrap.js';
import { ApiKeyService } from '../services/api-key.service.js';
import { warnIfEmbeddedGalleryTooLarge } from '../services/gallery-size-warning.js';
import { upgradeIndexPrecision } from '../services/index-precision-upgrade.js';
import { warnAboutSparserIndexes } from '../services/sparse-index-warning.js';
import type { Closers } from './closers.js';
import type { ServiceGraph } from './services-phase.js';
import type { Storage } from './storage-phase.js';

/** First pause between startup connection attempts; doubles up to DB_RETRY_MAX_SECONDS. */
const FIRST_RETRY_DELAY_MS = 500;

/** How far startup got while the database was unreachable: the health route reports it. */
export class StartupProgress {
  failedAttempts = 0;

  /** Null once connected; else why the server is not ready yet. */
  reason(connected: boolean): string | null {
    return connected
      ? null
      : `waiting for the database (startup, ${String(this.failedAttempts)} failed attempts)`;
  }
}

export interface DatabaseStartup {
  /** The admin key, once the database is connected, migrated and the key stored. */
  ready: Promise<string>;
  /** Resolves when a first connection attempt failed and startup keeps retrying. */
  waiting: Promise<void>;
}

/**
 * Phase 5, in the background while the app already answers: connect, verify the embedded database, migrate
 * (advisory-locked), store the admin key, then open the gate and start the background workers (`onReady`).
 * Each step is idempotent, so a connection lost half-way just repeats the whole sequence.
 */
export function startupPhase(deps: {
  config: Config;
  storage: Storage;
  graph: ServiceGraph;
  logger: Logger;
  progress: StartupProgress;
  closers: Closers;
  onReady: () => void;
}): DatabaseStartup {
  const { config, storage, logger } = deps;
  const { rawDb } = storage;
  const abort = new AbortController();
  deps.closers.add(() => abort.abort());
  const connectAndMigrate = async () => {
    // Before any migration could create tables in a database that should not be new.
    const marker = storage.embedded ? readMarker(config.dataDir) : null;
    if (marker) await verifyEmbeddedDatabase(rawDb, config.dataDir, marker);
    const applied = await migrateUp(rawDb, MIGRATIONS);
    if (applied.length > 0) logger.info({ applied, driver: rawDb.driver }, 'migrations applied');
    const repositories = { models: new ModelRepository(), indexes: new ModelIndexRepository() };
    if ((await upgradeIndexPrecision(rawDb, repositories, logger)).length > 0) deps.graph.models.reset();
    await rawDb.transaction((tx) =>
      deps.graph.models.ensure(tx, config.defaultModel.id, config.defaultModel.dim),
    );
    await warnIfEmbeddedGalleryTooLarge(rawDb, config.pgliteGalleryWarnTemplates, logger);
    await warnAboutSparserIndexes(rawDb, repositories, config.hnsw, logger);
    const adminKey = await bootstrapAdminKey(
      new ApiKeyService({ db: rawDb, keys: new ApiKeyRepository(), audit: deps.graph.auditLog }),
      config,
      logger,
    );
    if (storage.embedded) await storage.marker.start();
    return adminKey;
  };
  let signalWaiting = () => undefined as void;
  const waiting = new Promise<void>((resolve) => (signalWaiting = resolve));
  const ready = retryUntilAvailable(
    connectAndMigrate,
    {
      initialDelayMs: FIRST_RETRY_DELAY_MS,
      maxDelayMs: Math.max(config.databaseUnavailable.retryMaxMs, FIRST_RETRY_DELAY_MS),
      logIntervalMs: config.databaseUnavailable.logIntervalMs,
      signal: abort.signal,
      onRetry: (attempt) => {
        deps.progress.failedAttempts = attempt;
        signalWaiting();
      },
    },
    logger,
  ).then((adminKey) => {
    deps.onReady();
    deps.progress.failedAttempts = 0;
    return adminKey;
  });
  ready.catch(() => undefined); // handled by the caller; never an unhandled rejection meanwhile
  return { ready, waiting };
}
