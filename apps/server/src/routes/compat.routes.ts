import {
  CompatHistoryQuerySchema,
  CompatHistorySchema,
  CompatIdentifyRequestSchema,
  CompatIdentifyResponseSchema,
  CompatPersonCreateSchema,
  CompatPersonReadSchema,
  type CompatIdentifyResponse,
  type FaceResult,
} from '@attendance/protocol';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AttendanceQueryService } from '../services/attendance-query.service.js';
import type { EnrollmentService } from '../services/enrollment.service.js';
import type { RecognitionService } from '../services/recognition.service.js';
import { apiKeySecurity, errorResponses, withZod } from './route-types.js';

const RootSchema = z.object({
  message: z.string(),
  dashboard: z.string(),
  docs: z.string(),
  health: z.string(),
  version: z.string(),
});

const MESSAGES = {
  success: 'Attendance marked',
  ignored: 'Attendance already marked recently',
  unknown: 'No matching person found',
} as const;

/** Maps a v1 face result to the original's answer; `ambiguous` is reported as `unknown`. */
export function toCompatIdentify(result: FaceResult | undefined): CompatIdentifyResponse {
  const status =
    result?.status === 'recorded' ? 'success' : result?.status === 'already_recorded' ? 'ignored' : 'unknown';
  const person = status === 'unknown' ? null : (result?.person ?? null);
  return {
    status,
    message: MESSAGES[status],
    person_name: person?.name ?? null,
    employee_id: person?.external_id ?? null,
    similarity: result?.similarity ?? null,
  };
}

/** Routes of the original Python API, on the default model (EMBEDDING_MODEL / EMBEDDING_DIM). */
export function registerCompatRoutes(
  instance: FastifyInstance,
  deps: {
    recognition: RecognitionService;
    enrollment: EnrollmentService;
    attendance: AttendanceQueryService;
    defaultModel: string;
    version: string;
  },
): void {
  const app = withZod(instance);
  const tags = ['compatibility'];
  const security = apiKeySecurity;

  // The original answered `/` with pointers; a browser is sent on to the dashboard.
  app.get(
    '/',
    {
      schema: {
        summary: 'Where the dashboard and the API docs are',
        operationId: 'getRoot',
        tags,
        response: { 200: RootSchema },
      },
    },
    (request, reply) => {
      if (request.headers.accept?.includes('text/html')) {
        void reply.redirect('/ui/');
        return;
      }
      return {
        message: 'Smart Attendance API',
        dashboard: '/ui/',
        docs: '/docs',
        health: '/health/live',
        version: deps.version,
      };
    },
  );

  app.post(
    '/attendance/identify',
    {
      schema: {
        summary: "The original's identify route (one embedding, default model)",
        operationId: 'compatIdentify',
        tags,
        security,
        body: CompatIdentifyRequestSchema,
        response: { 200: CompatIdentifyResponseSchema, ...errorResponses },
      },
    },
    async (request) => {
      const response = await deps.recognition.identify({
        camera_id: request.body.camera_id,
        model: deps.defaultModel,
        faces: [{ embedding: request.body.embedding }],
      });
      return toCompatIdentify(response.results[0]);
    },
  );

  app.post(
    '/persons/register',
    {
      schema: {
        summary: "The original's register route (a name and one embedding)",
        operationId: 'compatRegisterPerson',
        tags,
        security,
        body: CompatPersonCreateSchema,
        response: { 200: CompatPersonReadSchema, ...errorResponses },
      },
    },
    async (request) => {
      const body = request.body;
      const person = await deps.enrollment.createPerson(
        { name: body.name, externalId: body.employee_id ?? null, role: body.role, active: body.is_active },
        { model: deps.defaultModel, embeddings: [body.embedding] },
        { isAdmin: request.apiKey?.scopes.includes('admin') ?? false },
      );
      return {
        id: person.id,
        name: person.name,
        employee_id: person.external_id,
        role: person.role,
        is_active: person.active,
        created_at: person.created_at,
        updated_at: person.updated_at,
      };
    },
  );

  app.get(
    '/attendance/history',
    {
      schema: {
        summary: "The original's attendance history",
        operationId: 'compatAttendanceHistory',
        tags,
        security,
        querystring: CompatHistoryQuerySchema,
        response: { 200: CompatHistorySchema, ...errorResponses },
      },
    },
    (request) =>
      deps.attendance.compatHistory({
        day: request.query.date,
        limit: request.query.limit,
        offset: request.query.skip,
      }),
  );
}
