import { CompatDbHealthSchema, CompatHealthSchema, ReadinessSchema } from '@attendance/protocol';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ApiKeyService } from '../services/api-key.service.js';
import type { HealthService } from '../services/health.service.js';
import { withZod } from './route-types.js';

/** Open health routes. They carry no personal data and never error strings. */
export function registerHealthRoutes(
  instance: FastifyInstance,
  deps: { health: HealthService; apiKeys: ApiKeyService },
): void {
  const app = withZod(instance);
  const tags = ['health'];

  app.get(
    '/health',
    {
      schema: {
        summary: 'Liveness: the process answers',
        operationId: 'getLiveness',
        tags,
        response: { 200: z.object({ status: z.literal('ok') }) },
      },
    },
    () => ({
      status: 'ok' as const,
    }),
  );

  // Liveness: the process answers. Stays 200 while shutting down (readiness is what turns away traffic).
  app.get(
    '/health/live',
    {
      schema: {
        summary: 'Liveness probe (never touches the database)',
        operationId: 'getHealthLive',
        tags,
        response: { 200: z.object({ status: z.literal('ok') }) },
      },
    },
    () => ({
      status: 'ok' as const,
    }),
  );

  // The original's liveness route, trailing slash included.
  app.get(
    '/health/',
    {
      schema: {
        summary: "The original's health answer",
        operationId: 'getCompatHealth',
        tags,
        response: { 200: CompatHealthSchema },
      },
    },
    () => ({
      status: 'ok' as const,
      service: 'Face Attendance API',
    }),
  );

  app.get(
    '/health/db',
    {
      schema: {
        summary: 'Whether the database answers',
        operationId: 'getDatabaseHealth',
        tags,
        response: { 200: CompatDbHealthSchema, 503: CompatDbHealthSchema },
      },
    },
    async (_request, reply) => {
      const up = await deps.health.isDatabaseUp();
      return reply
        .status(up ? 200 : 503)
        .send(up ? { status: 'up', database: 'connected' } : { status: 'down', database: 'unavailable' });
    },
  );

  app.get(
    '/health/ready',
    {
      schema: {
        summary: 'Readiness: database, cache, migrations and version',
        operationId: 'getReadiness',
        tags,
        response: { 200: ReadinessSchema, 503: ReadinessSchema },
      },
    },
    async (request, reply) => {
      const readiness = await deps.health.readiness();
      const status = readiness.status === 'down' ? 503 : 200;
      if (await mayReadDetails(request.headers['x-api-key'], deps.apiKeys)) {
        return reply.status(status).send(readiness);
      }
      // Open to anyone (load balancers): backend states only — the cache's reason names hosts and db numbers.
      const cache = { ...readiness.cache, reason: `${readiness.cache.backend} ${readiness.cache.status}` };
      return reply.status(status).send({ ...readiness, cache });
    },
  );
}

/** A viewer or admin key sees the cache backend's full reason (host, db number, fallback steps). */
async function mayReadDetails(
  header: string | string[] | undefined,
  apiKeys: ApiKeyService,
): Promise<boolean> {
  const presented = Array.isArray(header) ? header[0] : header;
  const key = presented ? await apiKeys.authenticate(presented) : null;
  return key !== null && key.scopes.some((scope) => scope === 'viewer' || scope === 'admin');
}
