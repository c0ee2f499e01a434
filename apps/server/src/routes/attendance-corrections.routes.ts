import {
  CorrectedEventSchema,
  EventAddInputSchema,
  EventReassignInputSchema,
  EventVoidInputSchema,
} from '@attendance/protocol';
import type { FastifyInstance } from 'fastify';
import type { AttendanceCorrectionService } from '../services/attendance-correction.service.js';
import { apiKeySecurity, errorResponses, IdParamsSchema, withZod } from './route-types.js';

const AUDITED =
  'Needs a reason; recorded in the audit log (who, when, what, why) and sent to integrations as ' +
  '`attendance.corrected`. Days, boards, reports and exports count the corrected events.';

/** Corrections of attendance events by operators and admins. */
export function registerAttendanceCorrectionRoutes(
  instance: FastifyInstance,
  deps: { attendanceCorrections: AttendanceCorrectionService },
): void {
  const app = withZod(instance);
  const tags = ['attendance'];
  const security = apiKeySecurity;

  app.post(
    '/v1/attendance/events',
    {
      schema: {
        tags,
        security,
        summary: 'Add a missed attendance event',
        operationId: 'addAttendanceEvent',
        description: `An event the cameras missed, at its real time and direction. ${AUDITED}`,
        body: EventAddInputSchema,
        response: { 201: CorrectedEventSchema, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await deps.attendanceCorrections.add(request.body, request.apiKey?.id ?? null)),
  );

  app.post(
    '/v1/attendance/events/:id/void',
    {
      schema: {
        tags,
        security,
        summary: 'Void a wrong attendance event',
        operationId: 'voidAttendanceEvent',
        description: `The event stays stored, marked void, and no longer counts. 409 \`conflict\` when already void. ${AUDITED}`,
        params: IdParamsSchema,
        body: EventVoidInputSchema,
        response: { 200: CorrectedEventSchema, ...errorResponses },
      },
    },
    (request) => deps.attendanceCorrections.void(request.params.id, request.body, request.apiKey?.id ?? null),
  );

  app.post(
    '/v1/attendance/events/:id/reassign',
    {
      schema: {
        tags,
        security,
        summary: 'Reassign an attendance event to another person',
        operationId: 'reassignAttendanceEvent',
        description: `The event was someone else's: it moves to that person's day. ${AUDITED}`,
        params: IdParamsSchema,
        body: EventReassignInputSchema,
        response: { 200: CorrectedEventSchema, ...errorResponses },
      },
    },
    (request) =>
      deps.attendanceCorrections.reassign(request.params.id, request.body, request.apiKey?.id ?? null),
  );
}
