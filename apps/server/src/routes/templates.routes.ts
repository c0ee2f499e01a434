import { TemplateSchema, TemplatesAddedSchema, TemplatesInputSchema } from '@attendance/protocol';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { EnrollmentService } from '../services/enrollment.service.js';
import type { PeopleService } from '../services/people.service.js';
import { apiKeySecurity, errorResponses, IdParamsSchema, withZod } from './route-types.js';

const TemplateParamsSchema = z.strictObject({
  id: z.uuid().describe('The person'),
  templateId: z.uuid().describe('One of their face templates'),
});

/** `/v1/people/:id/templates`: add (with duplicate-face check), list, remove. */
export function registerTemplateRoutes(
  instance: FastifyInstance,
  deps: { people: PeopleService; enrollment: EnrollmentService },
): void {
  const app = withZod(instance);
  const tags = ['templates'];
  const security = apiKeySecurity;

  app.post(
    '/v1/people/:id/templates',
    {
      schema: {
        summary: 'Add face templates to a person (with a duplicate-face check)',
        operationId: 'addTemplates',
        tags,
        security,
        params: IdParamsSchema,
        body: TemplatesInputSchema,
        response: { 201: TemplatesAddedSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const items = await deps.enrollment.addTemplates(request.params.id, request.body, {
        isAdmin: request.apiKey?.scopes.includes('admin') ?? false,
      });
      return reply.status(201).send({ items });
    },
  );

  app.get(
    '/v1/people/:id/templates',
    {
      schema: {
        summary: "List a person's face templates",
        operationId: 'listTemplates',
        tags,
        security,
        params: IdParamsSchema,
        response: { 200: z.object({ items: z.array(TemplateSchema) }), ...errorResponses },
      },
    },
    async (request) => ({ items: await deps.people.listTemplates(request.params.id) }),
  );

  app.delete(
    '/v1/people/:id/templates/:templateId',
    {
      schema: {
        summary: 'Remove one face template',
        operationId: 'deleteTemplate',
        tags,
        security,
        params: TemplateParamsSchema,
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await deps.people.deleteTemplate(request.params.id, request.params.templateId);
      return reply.status(204).send(null);
    },
  );
}
