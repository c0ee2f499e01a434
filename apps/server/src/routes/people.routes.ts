import {
  PersonCreateSchema,
  PersonEraseQuerySchema,
  PersonListQuerySchema,
  PersonListSchema,
  PersonSchema,
  PersonUpdateSchema,
  toPage,
} from '@attendance/protocol';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { EnrollmentService } from '../services/enrollment.service.js';
import type { PeopleService } from '../services/people.service.js';
import { apiKeySecurity, errorResponses, IdParamsSchema, withZod } from './route-types.js';

/** `/v1/people` CRUD. Creation may enroll templates in the same request, atomically. */
export function registerPeopleRoutes(
  instance: FastifyInstance,
  deps: { people: PeopleService; enrollment: EnrollmentService },
): void {
  const app = withZod(instance);
  const tags = ['people'];
  const security = apiKeySecurity;

  app.post(
    '/v1/people',
    {
      schema: {
        summary: 'Create a person, optionally with face templates (atomically)',
        operationId: 'createPerson',
        tags,
        security,
        body: PersonCreateSchema,
        response: { 201: PersonSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { templates, ...person } = request.body;
      const created = await deps.enrollment.createPerson(
        {
          name: person.name,
          externalId: person.external_id ?? null,
          role: person.role,
          active: person.active,
        },
        templates,
        { isAdmin: request.apiKey?.scopes.includes('admin') ?? false },
      );
      return reply.status(201).send(created);
    },
  );

  app.get(
    '/v1/people',
    {
      schema: {
        summary: 'List people (search, filter, page)',
        operationId: 'listPeople',
        tags,
        security,
        querystring: PersonListQuerySchema,
        response: { 200: PersonListSchema, ...errorResponses },
      },
    },
    async (request) => toPage(await deps.people.list(request.query), request.query),
  );

  app.get(
    '/v1/people/:id',
    {
      schema: {
        summary: 'Get one person',
        operationId: 'getPerson',
        tags,
        security,
        params: IdParamsSchema,
        response: { 200: PersonSchema, ...errorResponses },
      },
    },
    (request) => deps.people.get(request.params.id),
  );

  app.patch(
    '/v1/people/:id',
    {
      schema: {
        summary: "Change a person's name, external id, role or active flag",
        operationId: 'updatePerson',
        tags,
        security,
        params: IdParamsSchema,
        body: PersonUpdateSchema,
        response: { 200: PersonSchema, ...errorResponses },
      },
    },
    (request) => deps.people.update(request.params.id, request.body),
  );

  app.post(
    '/v1/people/:id/deactivate',
    {
      schema: {
        summary: 'Deactivate a person (kept, no longer recognized)',
        operationId: 'deactivatePerson',
        tags,
        security,
        params: IdParamsSchema,
        response: { 200: PersonSchema, ...errorResponses },
      },
    },
    (request) => deps.people.update(request.params.id, { active: false }),
  );

  app.delete(
    '/v1/people/:id',
    {
      schema: {
        summary: 'Delete a person and their templates (and optionally their events)',
        operationId: 'deletePerson',
        tags,
        security,
        description:
          'Erases the person: templates always; attendance events too unless `events=keep` (default: ' +
          'ERASE_EVENTS_WITH_PERSON), including events added or reassigned to them by a correction. The ' +
          'reasons of corrections to their events are cleared from the audit log. Audit-logged without ' +
          'personal data (GET /v1/audit-log).',
        params: IdParamsSchema,
        querystring: PersonEraseQuerySchema,
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await deps.people.erase(request.params.id, {
        events: request.query.events,
        actorKeyId: request.apiKey?.id ?? null,
      });
      return reply.status(204).send(null);
    },
  );
}
