import {
  SpoofEventCreatedSchema,
  SpoofEventInputSchema,
  SpoofEventListSchema,
  SpoofEventQuerySchema,
  toPage,
} from '@attendance/protocol';
import type { FastifyInstance } from 'fastify';
import type { SpoofEventService } from '../services/spoof-events.service.js';
import { apiKeySecurity, errorResponses, withZod } from './route-types.js';

/** `/v1/spoof-events`: edges report spoof attempts; viewers list them. */
export function registerSpoofEventRoutes(
  instance: FastifyInstance,
  deps: { spoofEvents: SpoofEventService },
): void {
  const app = withZod(instance);
  const tags = ['liveness'];

  app.post(
    '/v1/spoof-events',
    {
      schema: {
        summary: 'Report a spoof attempt seen by a camera',
        operationId: 'reportSpoofEvent',
        tags,
        security: apiKeySecurity,
        description:
          'Reports a spoof attempt (camera, time, score, reason; never an image or an embedding). A replay ' +
          'with the same `idempotency_key` is stored once and answers `already_recorded`.',
        body: SpoofEventInputSchema,
        response: { 201: SpoofEventCreatedSchema, 200: SpoofEventCreatedSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const created = await deps.spoofEvents.report(request.body);
      return reply.status(created.status === 'recorded' ? 201 : 200).send(created);
    },
  );

  app.get(
    '/v1/spoof-events',
    {
      schema: {
        summary: 'List reported spoof attempts',
        operationId: 'listSpoofEvents',
        tags,
        security: apiKeySecurity,
        querystring: SpoofEventQuerySchema,
        response: { 200: SpoofEventListSchema, ...errorResponses },
      },
    },
    async (request) => toPage(await deps.spoofEvents.list(request.query), request.query),
  );
}
