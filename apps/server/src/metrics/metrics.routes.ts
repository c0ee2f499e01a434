import type { FastifyInstance } from 'fastify';
import type { ServerMetrics } from './server-metrics.js';

/**
 * `GET /metrics` in Prometheus text format (viewer scope, see route-scopes.ts: counts and camera ids only,
 * no personal data), and the per-route HTTP counter behind it.
 */
export function registerMetricsRoutes(app: FastifyInstance, metrics: ServerMetrics): void {
  app.addHook('onResponse', async (request, reply) => {
    metrics.httpRequests.inc({
      method: request.method,
      // The route pattern, never the raw URL: ids in paths would make the label set unbounded.
      route: request.routeOptions.url ?? 'unmatched',
      status: String(reply.statusCode),
    });
  });
  app.get('/metrics', { schema: { hide: true } }, async (_request, reply) => {
    const body = await metrics.render();
    return reply.type(metrics.contentType).send(body);
  });
}
