import {
  GroupInputSchema,
  GroupListSchema,
  GroupMemberParamsSchema,
  GroupSchema,
} from '@attendance/protocol';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { GroupsService } from '../services/groups.service.js';
import { apiKeySecurity, errorResponses, IdParamsSchema, withZod } from './route-types.js';

/** `/v1/groups`: departments and classes, their schedules and members. */
export function registerGroupRoutes(instance: FastifyInstance, deps: { groups: GroupsService }): void {
  const app = withZod(instance);
  const tags = ['groups'];
  const security = apiKeySecurity;

  app.get(
    '/v1/groups',
    {
      schema: {
        summary: 'List groups (departments, classes)',
        operationId: 'listGroups',
        tags,
        security,
        response: { 200: GroupListSchema, ...errorResponses },
      },
    },
    async () => ({ items: await deps.groups.list(), time_zone: deps.groups.installationTimeZone }),
  );

  app.get(
    '/v1/groups/:id',
    {
      schema: {
        summary: 'Get a group with its members',
        operationId: 'getGroup',
        tags,
        security,
        params: IdParamsSchema,
        response: { 200: GroupSchema, ...errorResponses },
      },
    },
    (request) => deps.groups.get(request.params.id),
  );

  app.post(
    '/v1/groups',
    {
      schema: {
        summary: 'Create a group, optionally with a schedule',
        operationId: 'createGroup',
        tags,
        security,
        description:
          'Creates a group (department, class). With a schedule its members can be late, leave early and be ' +
          'absent; without one only their presence is reported. A schedule is judged in its `time_zone` (an IANA ' +
          "name; absent or null: the installation's zone); an unknown zone is 400 `validation_failed`. 409 " +
          '`conflict` when the name is taken.',
        body: GroupInputSchema,
        response: { 201: GroupSchema, ...errorResponses },
      },
    },
    async (request, reply) => reply.code(201).send(await deps.groups.create(request.body)),
  );

  app.put(
    '/v1/groups/:id',
    {
      schema: {
        summary: "Replace a group's name and schedule",
        operationId: 'replaceGroup',
        tags,
        security,
        description: 'Replaces a group’s name and schedule; reports use the schedule in force when they run.',
        params: IdParamsSchema,
        body: GroupInputSchema,
        response: { 200: GroupSchema, ...errorResponses },
      },
    },
    (request) => deps.groups.update(request.params.id, request.body),
  );

  app.delete(
    '/v1/groups/:id',
    {
      schema: {
        summary: 'Delete a group',
        operationId: 'deleteGroup',
        tags,
        security,
        params: IdParamsSchema,
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await deps.groups.remove(request.params.id);
      return reply.code(204).send(null);
    },
  );

  app.put(
    '/v1/groups/:id/members/:personId',
    {
      schema: {
        summary: 'Add a person to a group',
        operationId: 'addGroupMember',
        tags,
        security,
        params: GroupMemberParamsSchema,
        response: { 200: GroupSchema, ...errorResponses },
      },
    },
    (request) => deps.groups.addMember(request.params.id, request.params.personId),
  );

  app.delete(
    '/v1/groups/:id/members/:personId',
    {
      schema: {
        summary: 'Remove a person from a group',
        operationId: 'removeGroupMember',
        tags,
        security,
        params: GroupMemberParamsSchema,
        response: { 200: GroupSchema, ...errorResponses },
      },
    },
    (request) => deps.groups.removeMember(request.params.id, request.params.personId),
  );
}
