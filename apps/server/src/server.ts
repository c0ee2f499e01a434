import { existsSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { buildApp } from './app.js';
import { createCooldownStore } from './cache/create-cooldown-store.js';
import type { Config } from './config.js';
import { createDatabase } from './db/create-database.js';
import { securePrivateTree } from './data-dir-permissions.js';
import type { Database } from './db/database.js';
import { readMarker, writeMarker } from './db/embedded/database-marker.js';
import { countRows, relationFiles, verifyEmbeddedDatabase } from './db/embedded/embedded-database-check.js';
import { GatedDatabase } from './db/gated-database.js';
import { retryUntilAvailable } from './db/retry-until-available.js';
import { MIGRATIONS } from './db/migrations/index.js';
import { migrateUp } from './db/migrator.js';
import { createIntegrations } from './integrations/integrations.js';
import { createLogger } from './logger.js';
import { SERVER_VERSION } from './version.js';
import { countCooldownLookups } from './metrics/counted-cooldown-store.js';
import { createServerMetrics, type ServerMetrics } from './metrics/server-metrics.js';
import { RedisRelayBridge } from './relay/redis-relay-bridge.js';
import { RelayHub } from './relay/relay-hub.js';
import { AccountService } from './accounts/account.service.js';
import { OidcAccounts } from './oidc/oidc-accounts.js';
import { OidcClient } from './oidc/oidc-client.js';
import { AccountRepository } from './repositories/account.repository.js';
import { DeviceService } from './devices/device.service.js';
import { DeviceRepository } from './repositories/device.repository.js';
import { ApiKeyRepository } from './repositories/api-key.repository.js';
import { SessionRepository } from './repositories/session.repository.js';
import { SessionStore } from './ui/session-store.js';
import { AuditLogRepository } from './repositories/audit-log.repository.js';
import { ErasureRepository } from './repositories/erasure.repository.js';
import { AttendanceDaysRepository } from './repositories/attendance-days.repository.js';
import { AttendanceCorrectionRepository } from './repositories/attendance-correction.repository.js';
import { AttendanceRepository } from './repositories/attendance.repository.js';
import { CalendarRepository } from './repositories/calendar.repository.js';
import { CameraRepository } from './repositories/camera.repository.js';
import { GroupRepository } from './repositories/group.repository.js';
import { CompatHistoryRepository } from './repositories/compat-history.repository.js';
import { BulkEnrollmentRepository } from './repositories/bulk-enrollment.repository.js';
import { ModelIndexRepository } from './repositories/model-index.repository.js';
import { SpoofEventRepository } from './repositories/spoof-event.repository.js';
import { ModelRepository } from './repositories/model.repository.js';
import { DatabaseOutageLog } from './plugins/database-outage-log.js';
import { PersonRepository } from './repositories/person.repository.js';
import { TemplateRepository } from './repositories/template.repository.js';
import { bootstrapAdminKey } from './services/admin-key-bootstrap.js';
import { ApiKeyService } from './services/api-key.service.js';
import { withBoardChanges } from './attendance/board-changes.js';
import { AttendanceDaysService } from './services/attendance-days.service.js';
import { AttendanceExportService } from './exports/attendance-export.service.js';
import { AttendanceCorrectionService } from './services/attendance-correction.service.js';
import { AttendanceQueryService } from './services/attendance-query.service.js';
import { AuditLogService } from './services/audit-log.service.js';
import { AttendanceRecorder } from './services/attendance-recorder.service.js';
import { BulkEnrollmentService } from './services/bulk-enrollment.service.js';
import { EnrollmentService } from './services/enrollment.service.js';
import { EnrollmentLock } from './services/enrollment-lock.js';
import { HealthService } from './services/health.service.js';
import { warnAboutSparserIndexes } from './services/sparse-index-warning.js';
import { warnIfEmbeddedGalleryTooLarge } from './services/gallery-size-warning.js';
import { ModelIndexService } from './services/model-index.service.js';
import { CameraRoleService } from './services/camera-role.service.js';
import { GroupsService } from './services/groups.service.js';
import { LivenessPolicyService } from './services/liveness-policy.service.js';
import { ModelRegistry } from './services/model-registry.service.js';
import { PeopleService } from './services/people.service.js';
import { RecognitionService } from './services/recognition.service.js';
import { SpoofEventService } from './services/spoof-events.service.js';
import { ModelFilesCheck } from './ui/model-files-check.js';
import { warnAboutModelFiles } from './ui/model-files-warning.js';

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

/** First pause between startup connection attempts; doubles up to DB_RETRY_MAX_SECONDS. */
const FIRST_RETRY_DELAY_MS = 500;

/** The embedded database's marker (row counts) is also refreshed this often while running. */
const MARKER_REFRESH_MS = 10 * 60_000;

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
 * Composition root: database → cooldown store → repositories → services → app, with the services behind a
 * {@link GatedDatabase} that answers "unavailable" until startup has connected (retrying while PostgreSQL
 * is unreachable), applied migrations (advisory-locked) and stored the admin key: see `ready`.
 */
export async function startServer(
  config: Config,
  inject: { db?: Database; logger?: Logger } = {},
): Promise<StartingServer> {
  const storesFiles = !config.databaseUrl || config.logToFile || !config.apiKey;
  const permissionFixes =
    storesFiles || existsSync(config.dataDir) ? securePrivateTree(config.dataDir) : null;
  const logger = inject.logger ?? createLogger(config);
  for (const notice of config.notices) logger.warn(notice);
  if (permissionFixes && permissionFixes.tightened.length > 0) {
    logger.warn(
      {
        dataDir: config.dataDir,
        tightened: permissionFixes.tightened.length,
        examples: permissionFixes.tightened.slice(0, 5),
      },
      'DATA_DIR was open to other local users: tightened to 0700 directories and 0600 files',
    );
  }
  const tightenQuietly = () => {
    if (existsSync(config.dataDir)) securePrivateTree(config.dataDir);
  };
  const rawDb = inject.db ?? (await createDatabase({ ...config, poolSize: config.dbPoolSize }));
  const outageLog = new DatabaseOutageLog(logger, config.databaseUnavailable.logIntervalMs);
  const db = new GatedDatabase(rawDb, () => outageLog.recovered());
  const startupAbort = new AbortController();
  // The embedded database of DATA_DIR (not an injected or in-memory one) keeps a marker: see database-marker.ts.
  const embedded = rawDb.driver === 'pglite' && !inject.db;
  let markerLive = false;
  const refreshMarker = async () => {
    if (!markerLive) return;
    const { rows } = await rawDb.query<{ id: string }>('SELECT max(id) AS id FROM schema_migrations');
    const counts = await countRows(rawDb);
    writeMarker(config.dataDir, {
      format: 1,
      schema: rows[0]?.id ?? '',
      writtenAt: new Date().toISOString(),
      counts,
      files: await relationFiles(rawDb),
    });
  };
  const markerTimer = setInterval(() => {
    refreshMarker().catch((error: unknown) =>
      logger.warn({ err: error }, 'could not refresh the embedded database marker'),
    );
  }, MARKER_REFRESH_MS);
  markerTimer.unref();
  const stopMarker = async () => {
    clearInterval(markerTimer);
    await refreshMarker().catch((error: unknown) =>
      logger.warn({ err: error }, 'could not refresh the embedded database marker at shutdown'),
    );
    markerLive = false;
  };
  const closers: (() => Promise<void>)[] = inject.db ? [] : [stopMarker, () => rawDb.close()];
  // Files the database and logs created while running (a worker thread cannot set the umask) end private.
  closers.push(() => Promise.resolve(tightenQuietly()));
  closers.unshift(() => {
    startupAbort.abort();
    outageLog.close();
    return Promise.resolve();
  });
  try {
    let startupAttempts = 0;
    const liveHub = new RelayHub();
    const bridge = config.relayRedisUrl
      ? await RedisRelayBridge.start(
          liveHub,
          {
            redisUrl: config.relayRedisUrl,
            channelPrefix: config.cache.keyPrefix,
            presenceIntervalMs: config.live.statusIntervalMs,
            connectTimeoutMs: Math.max(config.cache.timeoutMs, 1000),
          },
          logger,
        )
      : null;
    if (bridge) closers.unshift(() => bridge.close());
    const cacheStore = await createCooldownStore(config.cache, logger);
    closers.unshift(() => cacheStore.close());
    const metrics = createServerMetrics({
      cache: () => cacheStore.health(),
      ...(db.poolStats && { dbPool: db.poolStats.bind(db) }),
      relay: () => ({
        viewers: liveHub.viewerCount,
        publishers: liveHub.publisherCount,
        framesRelayed: liveHub.framesRelayed,
        framesDropped: liveHub.framesDropped,
        bridgeFramesDropped: bridge?.framesDropped ?? 0,
        bridgeFramesUnwatched: bridge?.framesUnwatched ?? 0,
      }),
    });
    const cooldown = countCooldownLookups(cacheStore, metrics);

    const modelFiles = new ModelFilesCheck(config.ui);
    await warnAboutModelFiles(modelFiles, logger);

    const integrations = createIntegrations({ db, config, logger, liveHub, version: SERVER_VERSION });
    closers.unshift(() => integrations.close());
    const people = new PersonRepository();
    const templates = new TemplateRepository();
    const events = new AttendanceRepository();
    const models = new ModelRegistry(db, new ModelRepository(), config.hnsw);
    const recorder = new AttendanceRecorder(
      db,
      events,
      cooldown,
      {
        cooldownMs: config.cooldownMs,
        timeZone: config.attendanceTimeZone,
        keyPrefix: config.cache.keyPrefix,
      },
      logger,
      integrations.outbox,
    );
    const auditLog = new AuditLogRepository();
    const apiKeys = new ApiKeyService(db, new ApiKeyRepository(), auditLog);
    const sessions = new SessionStore(db, new SessionRepository(), {
      absoluteMs: config.ui.sessionTtlMs,
      idleMs: config.ui.sessionIdleMs,
    });
    const accounts = new AccountService(
      db,
      new AccountRepository(),
      auditLog,
      sessions,
      logger,
      config.ui.passwordHashCost,
    );
    const cameras = new CameraRepository();
    const liveness = new LivenessPolicyService(db, cameras, config.liveness);
    const enrollmentOptions = {
      duplicateThreshold: config.matching.duplicateThreshold,
      candidates: config.matching.candidates,
      efSearch: config.matching.efSearch,
    };
    const modelIndex = new ModelIndexService(db, new ModelIndexRepository(), models, config.hnsw, logger);
    closers.unshift(() => modelIndex.close());
    const dayBoundary = {
      timeZone: config.attendanceTimeZone,
      dayStartMinutes: config.attendance.dayStartMinutes,
    };
    const attendanceDays = new AttendanceDaysService(
      db,
      new AttendanceDaysRepository(),
      new CalendarRepository(),
      dayBoundary,
    );
    const enrollmentLock = new EnrollmentLock(db.driver === 'pglite');
    const services = {
      people: new PeopleService(
        db,
        people,
        templates,
        recorder,
        new ErasureRepository(),
        auditLog,
        config.security.eraseEventsWithPerson,
        integrations.outbox,
      ),
      auditLog: new AuditLogService(db, auditLog),
      enrollment: new EnrollmentService(
        db,
        people,
        templates,
        models,
        enrollmentOptions,
        enrollmentLock,
        integrations.outbox,
      ),
      bulkEnrollment: new BulkEnrollmentService(
        db,
        new BulkEnrollmentRepository(),
        templates,
        models,
        enrollmentOptions,
        enrollmentLock,
      ),
      modelIndex,
      recognition: new RecognitionService(
        db,
        templates,
        cameras,
        models,
        recorder,
        config.matching,
        events,
        withBoardChanges(liveHub, dayBoundary),
        liveness,
        metrics,
        integrations.unknownFaces,
      ),
      attendance: new AttendanceQueryService(db, events, new CompatHistoryRepository()),
      attendanceDays,
      attendanceExports: new AttendanceExportService(attendanceDays),
      attendanceCorrections: new AttendanceCorrectionService(
        db,
        new AttendanceCorrectionRepository(),
        people,
        auditLog,
        dayBoundary,
        integrations.outbox,
        liveHub,
      ),
      apiKeys,
      accounts,
      devices: new DeviceService(db, new DeviceRepository(), apiKeys, auditLog, logger),
      health: new HealthService(
        db,
        cooldown,
        MIGRATIONS,
        SERVER_VERSION,
        () =>
          db.isOpen ? null : `waiting for the database (startup, ${String(startupAttempts)} failed attempts)`,
        () => modelFiles.status(),
      ),
      liveness,
      cameraRoles: new CameraRoleService(db, cameras, liveness),
      groups: new GroupsService(db, new GroupRepository(), new CalendarRepository(), people),
      spoofEvents: new SpoofEventService(
        db,
        cameras,
        new SpoofEventRepository(),
        liveHub,
        (labels) => metrics.spoofAttempts.inc(labels),
        integrations.outbox,
      ),
      webhooks: integrations.webhooks,
    };

    const app = await buildApp({
      services,
      logger,
      bodyLimitBytes: config.bodyLimitBytes,
      bulkBodyLimitBytes: config.bulkBodyLimitBytes,
      version: SERVER_VERSION,
      defaultModel: config.defaultModel.id,
      security: config.security,
      metrics,
      databaseOutageLog: outageLog,
      live: {
        hub: liveHub,
        limits: config.live,
        ui: config.ui,
        verifyApiKey: (key) => apiKeys.authenticate(key),
        sessions,
        accounts,
        modelFiles,
        timeZone: config.attendanceTimeZone,
        oidc: config.oidc && {
          client: new OidcClient(config.oidc),
          accounts: new OidcAccounts(db, new AccountRepository(), auditLog, logger),
          roles: config.oidc.roles,
          redirectUrl: config.oidc.redirectUrl,
        },
      },
    });
    closers.unshift(() => app.close());
    const close = async () => {
      for (const closeOne of closers.splice(0)) await closeOne();
    };
    const beginShutdown = () => services.health.beginShutdown();

    // Startup against the database itself (the gate stays shut): each step is idempotent, so a connection
    // lost half-way just repeats the whole sequence.
    let signalWaiting = () => undefined as void;
    const waiting = new Promise<void>((resolve) => (signalWaiting = resolve));
    const connectAndMigrate = async () => {
      // Before any migration could create tables in a database that should not be new.
      const marker = embedded ? readMarker(config.dataDir) : null;
      if (marker) await verifyEmbeddedDatabase(rawDb, config.dataDir, marker);
      const applied = await migrateUp(rawDb, MIGRATIONS);
      if (applied.length > 0) logger.info({ applied, driver: rawDb.driver }, 'migrations applied');
      await rawDb.transaction((tx) => models.ensure(tx, config.defaultModel.id, config.defaultModel.dim));
      await warnIfEmbeddedGalleryTooLarge(rawDb, config.pgliteGalleryWarnTemplates, logger);
      await warnAboutSparserIndexes(
        rawDb,
        { models: new ModelRepository(), indexes: new ModelIndexRepository() },
        config.hnsw,
        logger,
      );
      const adminKey = await bootstrapAdminKey(
        new ApiKeyService(rawDb, new ApiKeyRepository(), auditLog),
        config,
        logger,
      );
      markerLive = embedded;
      await refreshMarker();
      return adminKey;
    };
    const ready = retryUntilAvailable(
      connectAndMigrate,
      {
        initialDelayMs: FIRST_RETRY_DELAY_MS,
        maxDelayMs: Math.max(config.databaseUnavailable.retryMaxMs, FIRST_RETRY_DELAY_MS),
        logIntervalMs: config.databaseUnavailable.logIntervalMs,
        signal: startupAbort.signal,
        onRetry: (attempt) => {
          startupAttempts = attempt;
          signalWaiting();
        },
      },
      logger,
    ).then((adminKey) => {
      tightenQuietly();
      db.open();
      integrations.start();
      startupAttempts = 0;
      return adminKey;
    });
    ready.catch(() => undefined); // handled by the caller; never an unhandled rejection meanwhile
    return { app, liveHub, db, config, metrics, beginShutdown, close, ready, waiting };
  } catch (error) {
    for (const closeOne of closers) await closeOne().catch(() => undefined);
    throw error;
  }
}
