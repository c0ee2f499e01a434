import {
  BulkEnrollResultSchema,
  BulkEnrollSchema,
  ModelIndexStatusSchema,
  ModelParamsSchema,
} from '@attendance/protocol';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError } from '../errors.js';
import { validationMessage } from '../plugins/error-handler.js';
import type { BulkEnrollmentService } from '../services/bulk-enrollment.service.js';
import { BulkBodyParser } from './bulk-body/bulk-body-parser.js';
import type { ModelIndexService } from '../services/model-index.service.js';
import { apiKeySecurity, errorResponses, withZod } from './route-types.js';

/**
 * Large imports: `POST /v1/people/bulk` (people with templates, all or nothing; see BulkEnrollmentService) and the
 * model's HNSW index (`GET` status and build progress, `DELETE` before an import, `POST` to rebuild).
 */
export function registerBulkRoutes(
  instance: FastifyInstance,
  deps: { bulkEnrollment: BulkEnrollmentService; modelIndex: ModelIndexService; bulkBodyLimitBytes: number },
): void {
  const app = withZod(instance);
  const security = apiKeySecurity;

  // Its own scope: only this route's JSON is parsed and validated on the worker thread.
  const parser = new BulkBodyParser();
  instance.addHook('onClose', () => parser.close());
  void instance.register((scope, _options, done) => {
    scope.removeContentTypeParser('application/json');
    scope.addContentTypeParser(
      'application/json',
      { parseAs: 'buffer', bodyLimit: deps.bulkBodyLimitBytes },
      async (_request: FastifyRequest, body: Buffer) => {
        const parsed = await parser.parse(body);
        if (parsed.ok) return parsed.value;
        if (parsed.code === 'invalid_json') throw new AppError('invalid_json', parsed.message);
        throw new AppError(
          'validation_failed',
          validationMessage(parsed.total, parsed.details.length),
          parsed.details,
        );
      },
    );
    withZod(scope).post(
      '/v1/people/bulk',
      {
        bodyLimit: deps.bulkBodyLimitBytes,
        // Validated against the same schema by the parser above; the schema here documents the route.
        validatorCompiler: () => (body: unknown) => ({ value: body }),
        schema: {
          summary: 'Import up to 2,000 people with embeddings (all or nothing)',
          operationId: 'bulkCreatePeople',
          tags: ['people'],
          security,
          body: BulkEnrollSchema,
          response: { 201: BulkEnrollResultSchema, ...errorResponses },
        },
      },
      async (request, reply) => {
        const result = await deps.bulkEnrollment.enroll(request.body, {
          isAdmin: request.apiKey?.scopes.includes('admin') ?? false,
        });
        return reply.status(201).send(result);
      },
    );
    done();
  });

  const tags = ['models'];
  app.get(
    '/v1/models/:id/index',
    {
      schema: {
        summary: "State of a model's nearest-neighbour (HNSW) index",
        operationId: 'getModelIndex',
        tags,
        security,
        params: ModelParamsSchema,
        response: { 200: ModelIndexStatusSchema, ...errorResponses },
      },
    },
    async (request) => deps.modelIndex.status(request.params.id),
  );

  app.post(
    '/v1/models/:id/index',
    {
      schema: {
        summary: "Build a model's nearest-neighbour (HNSW) index",
        operationId: 'buildModelIndex',
        tags,
        security,
        params: ModelParamsSchema,
        response: { 202: ModelIndexStatusSchema, ...errorResponses },
      },
    },
    async (request, reply) => reply.status(202).send(await deps.modelIndex.startBuild(request.params.id)),
  );

  app.delete(
    '/v1/models/:id/index',
    {
      schema: {
        summary: "Drop a model's nearest-neighbour index (before a big import)",
        operationId: 'dropModelIndex',
        tags,
        security,
        params: ModelParamsSchema,
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await deps.modelIndex.drop(request.params.id);
      return reply.status(204).send(null);
    },
  );
}
