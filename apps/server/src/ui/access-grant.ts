import type { ApiKeyScope } from '@attendance/protocol';
import type { FastifyRequest } from 'fastify';

/** Who is calling: the scopes of their API key, and whether it came in a header or a dashboard session cookie. */
export interface AccessGrant {
  scopes: readonly ApiKeyScope[];
  via: 'api_key' | 'session';
}

/** Resolves the caller of a request; `null` when there is no valid key or session. */
export type AccessResolver = (request: FastifyRequest) => Promise<AccessGrant | null>;

/** Checks an API key secret; `null` when unknown, revoked or expired. */
export type ApiKeyVerifier = (key: string) => Promise<{ scopes: readonly ApiKeyScope[] } | null>;

export const hasAnyScope = (grant: AccessGrant, wanted: readonly ApiKeyScope[]): boolean =>
  grant.scopes.some((scope) => wanted.includes(scope));

/** The API key from the `X-API-Key` header, if exactly one was sent. */
export function apiKeyHeader(request: FastifyRequest): string | undefined {
  const key = request.headers['x-api-key'];
  return typeof key === 'string' && key.length > 0 ? key : undefined;
}
