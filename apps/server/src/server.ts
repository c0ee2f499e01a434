import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { Closers } from './composition/closers.js';
import { configurePhase } from './composition/config-phase.js';
import { httpPhase } from './composition/http-phase.js';
import { infrastructurePhase } from './composition/infrastructure-phase.js';
import { servicesPhase } from './composition/services-phase.js';
import { StartupProgress, startupPhase } from './composition/startup-phase.js';
import { storagePhase } from './composition/storage-phase.js';
import type { Config } from './config.js';
import type { Database } from './db/database.js';
import { createIntegrations } from './integrations/integrations.js';
import type { ServerMetrics } from './metrics/server-metrics.js';
import type { RelayHub } from './relay/relay-hub.js';
import { ModelFilesCheck } from './ui/model-files-check.js';
import { warnAboutModelFiles } from './ui/model-files-warning.js';
import { SERVER_VERSION } from './version.js';

export interface Server {
  app: FastifyInstance;
  /** Live event hub: recognition publishes attendance and unknown-face events to it. */
  liveHub: RelayHub;
  db: Database;
  /** The admin key from API_KEY or `${DATA_DIR}/admin-api-key`. */
  adminKey: string;
  config: Config;
  metrics: ServerMetrics;
  /** First step of a graceful shutdown: /health/ready answers 503 from now on. Then call `close()`. */
  beginShutdown(): void;
  close(): Promise<void>;
}

/** A server whose app already answers while the database may still be unreachable (see {@link startServer}). */
export interface StartingServer extends Omit<Server, 'adminKey'> {
  /**
   * Resolves with the admin key once the database is connected, migrated and the admin key stored (data
   * routes serve from then on). Rejects with the first error retrying cannot fix, or when closed first.
   */
  ready: Promise<string>;
  /** Resolves when a first connection attempt failed and the server keeps retrying (never if it did not). */
  waiting: Promise<void>;
}

/**
 * Composition root, waiting for the database: resolves once it is connected and migrated (tests, benches).
 * While PostgreSQL is unreachable it keeps retrying, as {@link startServer} does; errors retrying cannot fix
 * reject. `db` and `logger` may be injected (tests); an injected database is not closed by `close()`.
 */
export async function createServer(
  config: Config,
  inject: { db?: Database; logger?: Logger } = {},
): Promise<Server> {
  const server = await startServer(config, inject);
  try {
    return { ...server, adminKey: await server.ready };
  } catch (error) {
    await server.close().catch(() => undefined);
    throw error;
  }
}

/**
 * Composition root, by phase: configuration (logger, private DATA_DIR) → storage (database behind a
 * `GatedDatabase` that answers "unavailable" until startup opens it; relay, cache, metrics) → services →
 * HTTP app → startup in the background (connect, retrying while PostgreSQL is unreachable; migrate; store the
 * admin key; then open the gate and start the background workers): see `ready`.
 */
export async function startServer(
  config: Config,
  inject: { db?: Database; logger?: Logger } = {},
): Promise<StartingServer> {
  const { logger, tightenDataDir } = configurePhase(config, inject.logger);
  const closers = new Closers();
  // Files the database and logs created while running end private.
  closers.add(tightenDataDir);
  try {
    const storage = await storagePhase(config, inject.db, logger, closers);
    const { db } = storage;
    const infrastructure = await infrastructurePhase(config, db, logger, closers);
    const modelFiles = new ModelFilesCheck(config.ui);
    await warnAboutModelFiles(modelFiles, logger);
    const integrations = createIntegrations({
      db,
      config,
      logger,
      liveHub: infrastructure.liveHub,
      version: SERVER_VERSION,
    });
    closers.add(() => integrations.close());
    const progress = new StartupProgress();
    const graph = servicesPhase({
      config,
      db,
      logger,
      infrastructure,
      integrations,
      modelFiles,
      startupReason: () => progress.reason(db.isOpen),
      closers,
    });
    const app = await httpPhase({
      config,
      db,
      logger,
      infrastructure,
      graph,
      outageLog: storage.outageLog,
      modelFiles,
      closers,
    });
    const { ready, waiting } = startupPhase({
      config,
      storage,
      graph,
      logger,
      progress,
      closers,
      onReady: () => {
        tightenDataDir();
        db.open();
        integrations.start();
      },
    });
    return {
      app,
      liveHub: infrastructure.liveHub,
      db,
      config,
      metrics: infrastructure.metrics,
      beginShutdown: () => graph.services.health.beginShutdown(),
      close: () => closers.closeAll(),
      ready,
      waiting,
    };
  } catch (error) {
    await closers.closeAllQuietly();
    throw error;
  }
}
