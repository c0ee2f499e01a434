import { randomUUID } from 'node:crypto';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import {
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  serializerCompiler,
  validatorCompiler,
} from 'fastify-type-provider-zod';
import type { ServerMetrics } from './metrics/server-metrics.js';
import { registerMetricsRoutes } from './metrics/metrics.routes.js';
import { registerAuth } from './plugins/auth.js';
import { registerDeviceScope } from './plugins/device-scope.js';
import { registerRequestContext } from './plugins/request-context.js';
import { SingleLineRequestLog } from './plugins/request-log.js';
import { clientErrorHandler, frameworkErrorHandler, httpServerOptions } from './plugins/client-errors.js';
import { DatabaseOutageLog } from './plugins/database-outage-log.js';
import { registerErrorHandling } from './plugins/error-handler.js';
import { registerRateLimit } from './plugins/rate-limit.js';
import { registerResponseHeaders } from './plugins/response-headers.js';
import { registerStrictInput } from './plugins/strict-input.js';
import { DEFAULT_SECURITY_CONFIG, type SecurityConfig } from './plugins/security-config.js';
import { registerAccountRoutes } from './routes/accounts.routes.js';
import { registerOpenApiComponents } from './routes/openapi-components.js';
import { registerApiKeyRoutes } from './routes/api-keys.routes.js';
import { registerDeviceRoutes } from './routes/devices.routes.js';
import { registerAttendanceRoutes } from './routes/attendance.routes.js';
import { registerAttendanceDaysRoutes } from './routes/attendance-days.routes.js';
import { registerAttendanceExportRoutes } from './routes/attendance-exports.routes.js';
import { registerAttendanceCorrectionRoutes } from './routes/attendance-corrections.routes.js';
import { registerAuditLogRoutes } from './routes/audit-log.routes.js';
import { registerBulkRoutes } from './routes/bulk.routes.js';
import { registerCalendarRoutes } from './routes/calendar.routes.js';
import { registerCameraRoutes } from './routes/cameras.routes.js';
import { registerGroupRoutes } from './routes/groups.routes.js';
import { registerCompatRoutes } from './routes/compat.routes.js';
import { registerHealthRoutes } from './routes/health.routes.js';
import { registerIdentifyRoutes } from './routes/identify.routes.js';
import { registerPeopleRoutes } from './routes/people.routes.js';
import { registerSpoofEventRoutes } from './routes/spoof-events.routes.js';
import { registerTemplateRoutes } from './routes/templates.routes.js';
import { registerWebhookRoutes } from './routes/webhooks.routes.js';
import type { AccountService } from './accounts/account.service.js';
import type { ApiKeyService } from './services/api-key.service.js';
import type { DeviceService } from './devices/device.service.js';
import type { AttendanceQueryService } from './services/attendance-query.service.js';
import type { AttendanceDaysService } from './services/attendance-days.service.js';
import type { AttendanceExportService } from './exports/attendance-export.service.js';
import type { AttendanceCorrectionService } from './services/attendance-correction.service.js';
import type { AuditLogService } from './services/audit-log.service.js';
import type { BulkEnrollmentService } from './services/bulk-enrollment.service.js';
import type { EnrollmentService } from './services/enrollment.service.js';
import type { HealthService } from './services/health.service.js';
import type { ModelIndexService } from './services/model-index.service.js';
import type { CameraSettingsService } from './services/camera-settings.service.js';
import type { GroupsService } from './services/groups.service.js';
import type { LivenessPolicyService } from './services/liveness-policy.service.js';
import type { PeopleService } from './services/people.service.js';
import type { RecognitionService } from './services/recognition.service.js';
import type { SpoofEventService } from './services/spoof-events.service.js';
import type { WebhookService } from './services/webhook.service.js';
import { OriginPolicy } from './access/origin-policy.js';
import { registerDashboardSession, registerLiveUi, type LiveUiDeps } from './ui/register-live-ui.js';

export interface AppServices {
  people: PeopleService;
  enrollment: EnrollmentService;
  recognition: RecognitionService;
  attendance: AttendanceQueryService;
  attendanceDays: AttendanceDaysService;
  attendanceExports: AttendanceExportService;
  attendanceCorrections: AttendanceCorrectionService;
  apiKeys: ApiKeyService;
  accounts: AccountService;
  devices: DeviceService;
  auditLog: AuditLogService;
  health: HealthService;
  bulkEnrollment: BulkEnrollmentService;
  modelIndex: ModelIndexService;
  liveness: LivenessPolicyService;
  cameraSettings: CameraSettingsService;
  groups: GroupsService;
  spoofEvents: SpoofEventService;
  webhooks: WebhookService;
}

export interface AppDeps {
  services: AppServices;
  logger: FastifyBaseLogger;
  bodyLimitBytes: number;
  /** Body limit of POST /v1/people/bulk. */
  bulkBodyLimitBytes: number;
  version: string;
  /** Model of the compatibility routes (EMBEDDING_MODEL). */
  defaultModel: string;
  /** Live relay, dashboard (/ui) and kiosk; omitted in tests that need only the API. */
  live?: LiveUiDeps;
  /** Rate limits, timeouts, header size limit; defaults when omitted. */
  security?: SecurityConfig;
  /** Prometheus metrics at /metrics; omitted in tests that need only the API. */
  metrics?: ServerMetrics;
  /** Log of requests refused while the database is unavailable; one with a 10 s summary when omitted. */
  databaseOutageLog?: DatabaseOutageLog;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** `METHOD /path` of every registered route (HEAD excluded), for the auth-matrix test. */
    registeredRoutes: string[];
  }
}

/** Builds the HTTP app (plugins, auth, routes, error handling). Never listens: tests use `inject()`. */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const security = deps.security ?? DEFAULT_SECURITY_CONFIG;
  const trustedProxies = deps.live?.ui.trustedProxies ?? [];
  const app = Fastify({
    loggerInstance: deps.logger,
    bodyLimit: deps.bodyLimitBytes,
    genReqId: () => randomUUID(),
    // Behind the HTTPS proxy (TRUST_PROXY) the browser's origin is https://<its host>: the same-origin check
    // of live sockets and mutating requests reads protocol and host from that proxy's X-Forwarded-* only.
    trustProxy: trustedProxies.length > 0 ? [...trustedProxies] : false,
    logController: new SingleLineRequestLog(),
    ...httpServerOptions(security.http),
    clientErrorHandler: clientErrorHandler(deps.logger),
    // Router errors (a path parameter over 100 characters, a malformed URL) go through the error handler.
    frameworkErrors: frameworkErrorHandler,
  });
  registerRequestContext(app);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  // Every body route takes JSON; without this, text/plain would be parsed and reach schema validation.
  app.removeContentTypeParser('text/plain');
  registerStrictInput(app);
  app.decorate('registeredRoutes', [] as string[]);
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) {
      if (method !== 'HEAD') app.registeredRoutes.push(`${method} ${route.url}`);
    }
  });

  const outageLog = deps.databaseOutageLog ?? new DatabaseOutageLog(deps.logger);
  app.addHook('onClose', () => outageLog.close());
  registerErrorHandling(app, outageLog);
  registerResponseHeaders(app, { hsts: deps.live?.ui.remoteDashboard ?? false });
  registerOpenApiComponents();
  await app.register(swagger, {
    openapi: {
      info: { title: 'Smart Attendance API', version: deps.version },
      components: { securitySchemes: { apiKey: { type: 'apiKey', name: 'X-API-Key', in: 'header' } } },
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(swaggerUi, {
    routePrefix: '/docs',
    // Swagger UI's own CSP (hashes of its inline code), minus the upgrade to https (plain http on loopback).
    staticCSP: true,
    transformStaticCSP: (csp) =>
      csp
        .replace(' upgrade-insecure-requests;', '')
        .replace("frame-ancestors 'self'", "frame-ancestors 'none'"),
  });
  // The session hook must run before the auth hook: it presents a dashboard session's key as X-API-Key.
  // One policy for the session routes, the session hook and the live relay's upgrades.
  const originPolicy = deps.live ? new OriginPolicy(deps.live.ui.allowedOrigins) : null;
  if (deps.live && originPolicy) await registerDashboardSession(app, deps.live, originPolicy);
  await registerRateLimit(app, deps.services.apiKeys, security.rateLimits);
  registerAuth(app, deps.services.apiKeys);
  registerDeviceScope(app);

  const { services } = deps;
  registerHealthRoutes(app, services);
  if (deps.metrics) registerMetricsRoutes(app, deps.metrics);
  registerPeopleRoutes(app, services);
  registerTemplateRoutes(app, services);
  registerBulkRoutes(app, { ...services, bulkBodyLimitBytes: deps.bulkBodyLimitBytes });
  registerIdentifyRoutes(app, services);
  registerAttendanceRoutes(app, services);
  registerAttendanceDaysRoutes(app, services);
  registerAttendanceExportRoutes(app, services);
  registerAttendanceCorrectionRoutes(app, services);
  registerApiKeyRoutes(app, services);
  registerAccountRoutes(app, services);
  registerDeviceRoutes(app, services);
  registerAuditLogRoutes(app, services);
  registerCameraRoutes(app, services);
  registerGroupRoutes(app, services);
  registerCalendarRoutes(app, services);
  registerSpoofEventRoutes(app, services);
  registerWebhookRoutes(app, services);
  registerCompatRoutes(app, { ...services, defaultModel: deps.defaultModel, version: deps.version });
  if (deps.live && originPolicy) await registerLiveUi(app, deps.live, originPolicy);
  return app;
}
