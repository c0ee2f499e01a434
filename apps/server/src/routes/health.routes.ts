import { CompatDbHealthSchema, CompatHealthSchema, ReadinessSchema } from '@attendance/protocol';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { HealthService } from '../services/health.service.js';
import { withZod } from './route-types.js';

/** Open health routes. They carry no personal data and never error strings. */
export function registerHealthRoutes(instance: FastifyInstance, deps: { health: HealthService }): void {
  const app = withZod(instance);
  const tags = ['health'];

  app.get('/health', { schema: { tags, response: { 200: z.object({ status: z.literal('ok') }) } } }, () => ({
    status: 'ok' as const,
  }));

  // Liveness: the process answers. Stays 200 while shutting down (readiness is what turns away traffic).
  app.get(
    '/health/live',
    { schema: { tags, response: { 200: z.object({ status: z.literal('ok') }) } } },
    () => ({
      status: 'ok' as const,
    }),
  );

  // The original's liveness route, trailing slash included.
  app.get('/health/', { schema: { tags, response: { 200: CompatHealthSchema } } }, () => ({
    status: 'ok' as const,
    service: 'Face Attendance API',
  }));

  app.get(
    '/health/db',
    { schema: { tags, response: { 200: CompatDbHealthSchema, 503: CompatDbHealthSchema } } },
    async (_request, reply) => {
      const up = await deps.health.isDatabaseUp();
      return reply
        .status(up ? 200 : 503)
        .send(up ? { status: 'up', database: 'connected' } : { status: 'down', database: 'unavailable' });
    },
  );

  app.get(
    '/health/ready',
    { schema: { tags, response: { 200: ReadinessSchema, 503: ReadinessSchema } } },
    async (_request, reply) => {
      const readiness = await deps.health.readiness();
      return reply.status(readiness.status === 'down' ? 503 : 200).send(readiness);
    },
  );
}
