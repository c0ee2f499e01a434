import type { ApiKeyScope } from '@attendance/protocol';
import type { FastifyRequest } from 'fastify';
import { isAllowed } from '../routes/route-scopes.js';

/** Who is calling: the scopes of their API key or account, and whether a header or a session cookie said so. */
export interface AccessGrant {
  scopes: readonly ApiKeyScope[];
  via: 'api_key' | 'session';
}

/** Resolves the caller of a request; `null` when there is no valid key or session. */
export type AccessResolver = (request: FastifyRequest) => Promise<AccessGrant | null>;

/** Checks an API key secret; `null` when unknown, revoked or expired. */
export type ApiKeyVerifier = (key: string) => Promise<{ id: string; scopes: readonly ApiKeyScope[] } | null>;

/** True when the grant satisfies one of `wanted` (an operator satisfies `viewer`: see route-scopes.ts). */
export const hasAnyScope = (grant: AccessGrant, wanted: readonly ApiKeyScope[]): boolean =>
  wanted.some((scope) => isAllowed(grant.scopes, scope));

/** The API key from the `X-API-Key` header, if exactly one was sent. */
export function apiKeyHeader(request: FastifyRequest): string | undefined {
  const key = request.headers['x-api-key'];
  return typeof key === 'string' && key.length > 0 ? key : undefined;
}

/**
 * The caller of a request on the live relay and the browser's routes: the dashboard session the session hook
 * already checked against the database on this request, else a valid `X-API-Key`.
 */
export function accessResolver(verifyApiKey: ApiKeyVerifier): AccessResolver {
  return async (request) => {
    const session = request.dashboardSession;
    if (session) return { scopes: session.principal.scopes, via: 'session' };
    const header = apiKeyHeader(request);
    const key = header ? await verifyApiKey(header) : null;
    return key ? { scopes: key.scopes, via: 'api_key' } : null;
  };
}
