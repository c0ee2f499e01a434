import {
  ApiKeyCreatedSchema,
  ApiKeyCreateSchema,
  ApiKeyListSchema,
  ApiKeySchema,
} from '@attendance/protocol';
import type { FastifyInstance } from 'fastify';
import type { ApiKeyService } from '../services/api-key.service.js';
import { apiKeySecurity, errorResponses, IdParamsSchema, withZod } from './route-types.js';

/**
 * `/v1/api-keys` (admin): create (the secret is shown once), list without secrets, revoke. Creation and
 * revocation are audit-logged with the acting key's id.
 */
export function registerApiKeyRoutes(instance: FastifyInstance, deps: { apiKeys: ApiKeyService }): void {
  const app = withZod(instance);
  const tags = ['api-keys'];
  const security = apiKeySecurity;

  app.post(
    '/v1/api-keys',
    {
      schema: {
        summary: 'Create an API key (the secret is shown once)',
        operationId: 'createApiKey',
        tags,
        security,
        body: ApiKeyCreateSchema,
        response: { 201: ApiKeyCreatedSchema, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await deps.apiKeys.create(request.body, request.apiKey?.id ?? null)),
  );

  app.get(
    '/v1/api-keys',
    {
      schema: {
        summary: 'List API keys (never their secrets)',
        operationId: 'listApiKeys',
        tags,
        security,
        response: { 200: ApiKeyListSchema, ...errorResponses },
      },
    },
    async () => ({
      items: await deps.apiKeys.list(),
    }),
  );

  app.post(
    '/v1/api-keys/:id/revoke',
    {
      schema: {
        summary: 'Revoke an API key',
        operationId: 'revokeApiKey',
        tags,
        security,
        params: IdParamsSchema,
        response: { 200: ApiKeySchema, ...errorResponses },
      },
    },
    (request) => deps.apiKeys.revoke(request.params.id, request.apiKey?.id ?? null),
  );
}
