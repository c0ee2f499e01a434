import { randomUUID } from 'node:crypto';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { registerAuth } from './plugins/auth.js';
import { registerErrorHandling } from './plugins/error-handler.js';
import { registerApiKeyRoutes } from './routes/api-keys.routes.js';
import { registerAttendanceRoutes } from './routes/attendance.routes.js';
import { registerCameraRoutes } from './routes/cameras.routes.js';
import { registerCompatRoutes } from './routes/compat.routes.js';
import { registerHealthRoutes } from './routes/health.routes.js';
import { registerIdentifyRoutes } from './routes/identify.routes.js';
import { registerPeopleRoutes } from './routes/people.routes.js';
import { registerSpoofEventRoutes } from './routes/spoof-events.routes.js';
import { registerTemplateRoutes } from './routes/templates.routes.js';
import type { ApiKeyService } from './services/api-key.service.js';
import type { AttendanceQueryService } from './services/attendance-query.service.js';
import type { EnrollmentService } from './services/enrollment.service.js';
import type { HealthService } from './services/health.service.js';
import type { LivenessPolicyService } from './services/liveness-policy.service.js';
import type { PeopleService } from './services/people.service.js';
import type { RecognitionService } from './services/recognition.service.js';
import type { SpoofEventService } from './services/spoof-events.service.js';
import { registerDashboardSession, registerLiveUi, type LiveUiDeps } from './ui/register-live-ui.js';

export interface AppServices {
  people: PeopleService;
  enrollment: EnrollmentService;
  recognition: RecognitionService;
  attendance: AttendanceQueryService;
  apiKeys: ApiKeyService;
  health: HealthService;
  liveness: LivenessPolicyService;
  spoofEvents: SpoofEventService;
}

export interface AppDeps {
  services: AppServices;
  logger: FastifyBaseLogger;
  bodyLimitBytes: number;
  version: string;
  /** Model of the compatibility routes (EMBEDDING_MODEL). */
  defaultModel: string;
  /** Live relay, dashboard (/ui) and kiosk; omitted in tests that need only the API. */
  live?: LiveUiDeps;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** `METHOD /path` of every registered route (HEAD excluded), for the auth-matrix test. */
    registeredRoutes: string[];
  }
}

/** Builds the HTTP app (plugins, auth, routes, error handling). Never listens: tests use `inject()`. */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: deps.logger,
    bodyLimit: deps.bodyLimitBytes,
    genReqId: () => randomUUID(),
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  // Every body route takes JSON; without this, text/plain would be parsed and reach schema validation.
  app.removeContentTypeParser('text/plain');
  app.decorate('registeredRoutes', [] as string[]);
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) {
      if (method !== 'HEAD') app.registeredRoutes.push(`${method} ${route.url}`);
    }
  });

  registerErrorHandling(app);
  await app.register(swagger, {
    openapi: {
      info: { title: 'Smart Attendance API', version: deps.version },
      components: { securitySchemes: { apiKey: { type: 'apiKey', name: 'X-API-Key', in: 'header' } } },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  // The session hook must run before the auth hook: it presents a dashboard session's key as X-API-Key.
  if (deps.live) await registerDashboardSession(app, deps.live);
  registerAuth(app, deps.services.apiKeys);

  const { services } = deps;
  registerHealthRoutes(app, services);
  registerPeopleRoutes(app, services);
  registerTemplateRoutes(app, services);
  registerIdentifyRoutes(app, services);
  registerAttendanceRoutes(app, services);
  registerApiKeyRoutes(app, services);
  registerCameraRoutes(app, services);
  registerSpoofEventRoutes(app, services);
  registerCompatRoutes(app, { ...services, defaultModel: deps.defaultModel });
  if (deps.live) await registerLiveUi(app, deps.live);
  return app;
}
