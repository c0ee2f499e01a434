import type { Logger } from 'pino';
import { AccountService } from '../accounts/account.service.js';
import type { AppServices } from '../app.js';
import { withBoardChanges } from '../attendance/board-changes.js';
import type { Config } from '../config.js';
import type { GatedDatabase } from '../db/gated-database.js';
import { MIGRATIONS } from '../db/migrations/index.js';
import { preferredIndexPrecision } from '../db/vector-sql.js';
import { DeviceService } from '../devices/device.service.js';
import { AttendanceExportService } from '../exports/attendance-export.service.js';
import type { Integrations } from '../integrations/integrations.js';
import { AccountRepository } from '../repositories/account.repository.js';
import { ApiKeyRepository } from '../repositories/api-key.repository.js';
import { AttendanceCorrectionRepository } from '../repositories/attendance-correction.repository.js';
import { AttendanceDaysRepository } from '../repositories/attendance-days.repository.js';
import { AttendanceRepository } from '../repositories/attendance.repository.js';
import { AuditLogRepository } from '../repositories/audit-log.repository.js';
import { BulkEnrollmentRepository } from '../repositories/bulk-enrollment.repository.js';
import { CalendarRepository } from '../repositories/calendar.repository.js';
import { CameraRepository } from '../repositories/camera.repository.js';
import { CompatHistoryRepository } from '../repositories/compat-history.repository.js';
import { DeviceRepository } from '../repositories/device.repository.js';
import { ErasureRepository } from '../repositories/erasure.repository.js';
import { GroupRepository } from '../repositories/group.repository.js';
import { ModelIndexRepository } from '../repositories/model-index.repository.js';
import { ModelRepository } from '../repositories/model.repository.js';
import { PersonRepository } from '../repositories/person.repository.js';
import { SessionRepository } from '../repositories/session.repository.js';
import { SpoofEventRepository } from '../repositories/spoof-event.repository.js';
import { TemplateRepository } from '../repositories/template.repository.js';
import { ApiKeyService } from '../services/api-key.service.js';
import { AttendanceCorrectionService } from '../services/attendance-correction.service.js';
import { AttendanceDaysService } from '../services/attendance-days.service.js';
import { AttendanceQueryService } from '../services/attendance-query.service.js';
import { AttendanceRecorder } from '../services/attendance-recorder.service.js';
import { AuditLogService } from '../services/audit-log.service.js';
import { BulkEnrollmentService } from '../services/bulk-enrollment.service.js';
import { CameraSettingsService } from '../services/camera-settings.service.js';
import { EnrollmentService } from '../services/enrollment.service.js';
import { EnrollmentLock } from '../services/enrollment-lock.js';
import { GroupsService } from '../services/groups.service.js';
import { HealthService } from '../services/health.service.js';
import { LivenessPolicyService } from '../services/liveness-policy.service.js';
import { ModelIndexService } from '../services/model-index.service.js';
import { ModelRegistry } from '../services/model-registry.service.js';
import { PeopleService } from '../services/people.service.js';
import { RecognitionService } from '../services/recognition.service.js';
import { SpoofEventService } from '../services/spoof-events.service.js';
import type { ModelFilesCheck } from '../ui/model-files-check.js';
import { SessionStore } from '../ui/session-store.js';
import { SERVER_VERSION } from '../version.js';
import type { Closers } from './closers.js';
import type { Infrastructure } from './infrastructure-phase.js';

export interface ServiceGraph {
  services: AppServices;
  sessions: SessionStore;
  auditLog: AuditLogRepository;
  models: ModelRegistry;
}

/** Phase 3: repositories and services, every service given its dependencies as one object. */
export function servicesPhase(deps: {
  config: Config;
  db: GatedDatabase;
  logger: Logger;
  infrastructure: Infrastructure;
  integrations: Integrations;
  modelFiles: ModelFilesCheck;
  /** Why the server is not ready yet while it waits for the database at startup. */
  startupReason: () => string | null;
  closers: Closers;
}): ServiceGraph {
  const { config, db, logger, integrations } = deps;
  const { liveHub, cooldown, metrics } = deps.infrastructure;
  const outbox = integrations.outbox;
  const people = new PersonRepository();
  const templates = new TemplateRepository();
  const events = new AttendanceRepository();
  const cameras = new CameraRepository();
  const calendar = new CalendarRepository();
  const audit = new AuditLogRepository();
  const models = new ModelRegistry({
    db,
    models: new ModelRepository(),
    hnsw: config.hnsw,
    indexPrecision: preferredIndexPrecision(db.driver),
  });
  const recorder = new AttendanceRecorder({
    db,
    events,
    cooldown,
    options: {
      cooldownMs: config.cooldownMs,
      timeZone: config.attendanceTimeZone,
      keyPrefix: config.cache.keyPrefix,
    },
    logger,
    outbox,
  });
  const apiKeys = new ApiKeyService({ db, keys: new ApiKeyRepository(), audit });
  const sessions = new SessionStore({
    db,
    sessions: new SessionRepository(),
    timeouts: { absoluteMs: config.ui.sessionTtlMs, idleMs: config.ui.sessionIdleMs },
  });
  const accounts = new AccountService({
    db,
    accounts: new AccountRepository(),
    audit,
    sessions,
    logger,
    passwordCost: config.ui.passwordHashCost,
  });
  const liveness = new LivenessPolicyService(db, cameras, config.liveness);
  const enrollmentOptions = {
    duplicateThreshold: config.matching.duplicateThreshold,
    candidates: config.matching.candidates,
    efSearch: config.matching.efSearch,
  };
  const modelIndex = new ModelIndexService({
    db,
    indexes: new ModelIndexRepository(),
    models,
    hnsw: config.hnsw,
    logger,
  });
  deps.closers.add(() => modelIndex.close());
  const boundary = {
    timeZone: config.attendanceTimeZone,
    dayStartMinutes: config.attendance.dayStartMinutes,
  };
  const attendanceDays = new AttendanceDaysService({
    db,
    repo: new AttendanceDaysRepository(),
    calendar,
    boundary,
  });
  // Embedded PGlite only: one process opens a data directory, so a lock in memory orders its enrollments.
  const enrollmentLock = new EnrollmentLock(db.driver === 'pglite');
  const services: AppServices = {
    people: new PeopleService({
      db,
      people,
      templates,
      recorder,
      erasure: new ErasureRepository(),
      audit,
      eraseEventsByDefault: config.security.eraseEventsWithPerson,
      outbox,
    }),
    auditLog: new AuditLogService(db, audit),
    enrollment: new EnrollmentService({
      db,
      people,
      templates,
      models,
      options: enrollmentOptions,
      lock: enrollmentLock,
      outbox,
    }),
    bulkEnrollment: new BulkEnrollmentService({
      db,
      bulk: new BulkEnrollmentRepository(),
      templates,
      models,
      options: enrollmentOptions,
      lock: enrollmentLock,
    }),
    modelIndex,
    recognition: new RecognitionService({
      db,
      templates,
      cameras,
      models,
      recorder,
      options: config.matching,
      events,
      live: withBoardChanges(liveHub, boundary),
      liveness,
      metrics,
      unknownFaces: integrations.unknownFaces,
    }),
    attendance: new AttendanceQueryService(db, events, new CompatHistoryRepository()),
    attendanceDays,
    attendanceExports: new AttendanceExportService(attendanceDays),
    attendanceCorrections: new AttendanceCorrectionService({
      db,
      corrections: new AttendanceCorrectionRepository(),
      people,
      audit,
      boundary,
      outbox,
      live: liveHub,
    }),
    apiKeys,
    accounts,
    devices: new DeviceService({ db, devices: new DeviceRepository(), apiKeys, audit, logger }),
    health: new HealthService({
      db,
      cooldown,
      migrations: MIGRATIONS,
      version: SERVER_VERSION,
      startupReason: deps.startupReason,
      modelFiles: () => deps.modelFiles.status(),
    }),
    liveness,
    cameraSettings: new CameraSettingsService(db, cameras, liveness),
    groups: new GroupsService({
      db,
      groups: new GroupRepository(),
      calendar,
      people,
      installationTimeZone: config.attendanceTimeZone,
    }),
    spoofEvents: new SpoofEventService({
      db,
      cameras,
      events: new SpoofEventRepository(),
      live: liveHub,
      countAttempt: (labels) => metrics.spoofAttempts.inc(labels),
      outbox,
    }),
    webhooks: integrations.webhooks,
  };
  return { services, sessions, auditLog: audit, models };
}
