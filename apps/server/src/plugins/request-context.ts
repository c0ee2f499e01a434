import { AsyncLocalStorage } from 'node:async_hooks';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';

const requestIds = new AsyncLocalStorage<string>();

/**
 * Runs the rest of every request inside an async context that knows its id, so log lines written by code
 * that only has the root logger (services, the cooldown cache, the database layer) still carry `reqId`.
 * Register first: hooks added before it run outside the context.
 */
export function registerRequestContext(app: FastifyInstance): void {
  app.addHook('onRequest', (request, _reply, done) => {
    requestIds.run(request.id, done);
  });
}

/**
 * pino `mixin`: adds `reqId` to lines logged during a request, unless the logger already binds it (Fastify's
 * `request.log` does), so no line carries the key twice.
 */
export function requestIdMixin(_merge: object, _level: number, logger: Logger): { reqId?: string } {
  const reqId = requestIds.getStore();
  if (reqId === undefined || 'reqId' in logger.bindings()) return {};
  return { reqId };
}
