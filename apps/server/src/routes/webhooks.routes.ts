import {
  toPage,
  WebhookCreatedSchema,
  WebhookCreateSchema,
  WebhookDeliveryListSchema,
  WebhookDeliveryQuerySchema,
  WebhookDeliveryQueuedSchema,
  WebhookListSchema,
  WebhookSchema,
  WebhookUpdateSchema,
} from '@attendance/protocol';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { WebhookService } from '../services/webhook.service.js';
import { apiKeySecurity, errorResponses, IdParamsSchema, withZod } from './route-types.js';

const DeliveryParamsSchema = z.strictObject({
  id: z.uuid().describe('The webhook endpoint'),
  deliveryId: z.uuid().describe('One of its deliveries'),
});

/**
 * `/v1/webhooks` (admin): endpoints (the signing secret is shown once, at creation), their delivery log,
 * redelivery and a test ping. See docs/integrations.md.
 */
export function registerWebhookRoutes(instance: FastifyInstance, deps: { webhooks: WebhookService }): void {
  const app = withZod(instance);
  const tags = ['webhooks'];
  const security = apiKeySecurity;
  const params = IdParamsSchema;

  app.post(
    '/v1/webhooks',
    {
      schema: {
        summary: 'Create a webhook endpoint (the signing secret is shown once)',
        operationId: 'createWebhook',
        tags,
        security,
        description:
          'Adds an endpoint. The URL is checked against the outbound policy (link-local and metadata ' +
          'addresses always refused; loopback and private networks only when allowed): 422 ' +
          '`webhook_url_refused`. The answer holds the signing `secret`, shown only this once.',
        body: WebhookCreateSchema,
        response: { 201: WebhookCreatedSchema, ...errorResponses },
      },
    },
    async (request, reply) => reply.status(201).send(await deps.webhooks.create(request.body)),
  );

  app.get(
    '/v1/webhooks',
    {
      schema: {
        summary: 'List webhook endpoints',
        operationId: 'listWebhooks',
        tags,
        security,
        response: { 200: WebhookListSchema, ...errorResponses },
      },
    },
    async () => ({ items: await deps.webhooks.list() }),
  );

  app.get(
    '/v1/webhooks/:id',
    {
      schema: {
        summary: 'Get one webhook endpoint',
        operationId: 'getWebhook',
        tags,
        security,
        params,
        response: { 200: WebhookSchema, ...errorResponses },
      },
    },
    (request) => deps.webhooks.get(request.params.id),
  );

  app.patch(
    '/v1/webhooks/:id',
    {
      schema: {
        summary: 'Change a webhook endpoint (URL, events, enabled)',
        operationId: 'updateWebhook',
        tags,
        security,
        params,
        body: WebhookUpdateSchema,
        response: { 200: WebhookSchema, ...errorResponses },
      },
    },
    (request) => deps.webhooks.update(request.params.id, request.body),
  );

  app.delete(
    '/v1/webhooks/:id',
    {
      schema: {
        summary: 'Delete a webhook endpoint',
        operationId: 'deleteWebhook',
        tags,
        security,
        params,
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await deps.webhooks.delete(request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/v1/webhooks/:id/deliveries',
    {
      schema: {
        summary: "List a webhook endpoint's deliveries",
        operationId: 'listWebhookDeliveries',
        tags,
        security,
        params,
        querystring: WebhookDeliveryQuerySchema,
        description: 'Delivery log, newest first: status, attempts, last answer or error, latency.',
        response: { 200: WebhookDeliveryListSchema, ...errorResponses },
      },
    },
    async (request) =>
      toPage(await deps.webhooks.deliveries(request.params.id, request.query), request.query),
  );

  app.post(
    '/v1/webhooks/:id/deliveries/:deliveryId/redeliver',
    {
      schema: {
        summary: 'Send a delivery again',
        operationId: 'redeliverWebhook',
        tags,
        security,
        params: DeliveryParamsSchema,
        description: 'Sends the same event (same id) again, e.g. after it went dead.',
        response: { 202: WebhookDeliveryQueuedSchema, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.status(202).send({
        delivery: await deps.webhooks.redeliver(request.params.id, request.params.deliveryId),
      }),
  );

  app.post(
    '/v1/webhooks/:id/ping',
    {
      schema: {
        summary: 'Send a test event to a webhook endpoint',
        operationId: 'pingWebhook',
        tags,
        security,
        params,
        description: 'Queues a `webhook.ping` event for this endpoint only.',
        response: { 202: WebhookDeliveryQueuedSchema, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.status(202).send({ delivery: await deps.webhooks.ping(request.params.id) }),
  );
}
