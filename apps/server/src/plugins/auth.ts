import type { FastifyInstance } from 'fastify';
import { AppError } from '../errors.js';
import { isAllowed, requiredScope, type RequiredScope } from '../routes/route-scopes.js';
import type { ApiKeyService, AuthenticatedKey } from '../services/api-key.service.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Who acts: the verified API key, or the account or key of a dashboard session; null on open routes without either. */
    apiKey: AuthenticatedKey | null;
  }
}

/**
 * Checks `X-API-Key` against the route's required scope before the body is parsed: 401 without a valid
 * key, 403 when the key lacks the scope.
 */
export function registerAuth(app: FastifyInstance, apiKeys: ApiKeyService): void {
  app.decorateRequest('apiKey', null);
  app.addHook('onRequest', async (request) => {
    const required = requiredScope(request.method, request.routeOptions.url);
    if (required === 'open') return;
    if (request.apiKey) return authorize(request.apiKey, required); // a dashboard session's principal
    const header = request.headers['x-api-key'];
    const presented = Array.isArray(header) ? header[0] : header;
    const key = presented ? await apiKeys.authenticate(presented) : null;
    if (!key) throw new AppError('unauthorized', 'a valid X-API-Key header is required');
    authorize(key, required);
    request.apiKey = key;
  });
}

function authorize(key: AuthenticatedKey, required: RequiredScope): void {
  if (!isAllowed(key.scopes, required)) {
    throw new AppError('forbidden', `this API key or account lacks the "${required}" scope`);
  }
}
