import {
  HolidayInputSchema,
  HolidayListSchema,
  HolidayParamsSchema,
  HolidayQuerySchema,
  HolidaySchema,
  LeaveInputSchema,
  LeaveListSchema,
  LeaveParamsSchema,
  LeaveSchema,
} from '@attendance/protocol';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { GroupsService } from '../services/groups.service.js';
import { apiKeySecurity, errorResponses, IdParamsSchema, withZod } from './route-types.js';

/** `/v1/holidays` and `/v1/people/:id/leave`: days people are not expected. */
export function registerCalendarRoutes(instance: FastifyInstance, deps: { groups: GroupsService }): void {
  const app = withZod(instance);
  const tags = ['groups'];
  const security = apiKeySecurity;

  app.get(
    '/v1/holidays',
    {
      schema: {
        summary: 'List holidays',
        operationId: 'listHolidays',
        tags,
        security,
        querystring: HolidayQuerySchema,
        response: { 200: HolidayListSchema, ...errorResponses },
      },
    },
    async (request) => ({ items: await deps.groups.listHolidays(request.query) }),
  );

  app.put(
    '/v1/holidays/:day',
    {
      schema: {
        summary: 'Mark a day as a holiday',
        operationId: 'setHoliday',
        tags,
        security,
        description: 'Marks a local day (YYYY-MM-DD) as a holiday for everyone: nobody is absent or late.',
        params: HolidayParamsSchema,
        body: HolidayInputSchema,
        response: { 200: HolidaySchema, ...errorResponses },
      },
    },
    (request) => deps.groups.putHoliday({ day: request.params.day, name: request.body.name }),
  );

  app.delete(
    '/v1/holidays/:day',
    {
      schema: {
        summary: 'Remove a holiday',
        operationId: 'deleteHoliday',
        tags,
        security,
        params: HolidayParamsSchema,
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await deps.groups.removeHoliday(request.params.day);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/v1/people/:id/leave',
    {
      schema: {
        summary: "List a person's leave",
        operationId: 'listLeave',
        tags,
        security,
        params: IdParamsSchema,
        response: { 200: LeaveListSchema, ...errorResponses },
      },
    },
    async (request) => ({ items: await deps.groups.listLeave(request.params.id) }),
  );

  app.post(
    '/v1/people/:id/leave',
    {
      schema: {
        summary: 'Record leave for a person',
        operationId: 'addLeave',
        tags,
        security,
        description: 'Adds leave (inclusive local days): the person is not expected on those days.',
        params: IdParamsSchema,
        body: LeaveInputSchema,
        response: { 201: LeaveSchema, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await deps.groups.addLeave(request.params.id, request.body)),
  );

  app.delete(
    '/v1/people/:id/leave/:leaveId',
    {
      schema: {
        summary: 'Remove a leave entry',
        operationId: 'deleteLeave',
        tags,
        security,
        params: LeaveParamsSchema,
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await deps.groups.removeLeave(request.params.id, request.params.leaveId);
      return reply.code(204).send(null);
    },
  );
}
