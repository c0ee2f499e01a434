import { AttendanceListSchema, AttendanceQuerySchema, toPage } from '@attendance/protocol';
import type { FastifyInstance } from 'fastify';
import type { AttendanceQueryService } from '../services/attendance-query.service.js';
import { apiKeySecurity, errorResponses, withZod } from './route-types.js';

/** `GET /v1/attendance`: events filtered by local day range, person and camera, newest first. */
export function registerAttendanceRoutes(
  instance: FastifyInstance,
  deps: { attendance: AttendanceQueryService },
): void {
  withZod(instance).get(
    '/v1/attendance',
    {
      schema: {
        summary: 'List attendance events (time range, person, camera, page)',
        operationId: 'listAttendance',
        tags: ['attendance'],
        security: apiKeySecurity,
        querystring: AttendanceQuerySchema,
        response: { 200: AttendanceListSchema, ...errorResponses },
      },
    },
    async (request) => toPage(await deps.attendance.list(request.query), request.query),
  );
}
