import type { FastifyRequest } from 'fastify';

/**
 * Browsers always send `Origin` on WebSocket handshakes and on cross-origin or mutating fetches; a page on
 * another site must not watch cameras or change data through the operator's browser (original bug 2).
 * Allowed: the server's own origin and the configured ALLOWED_ORIGINS.
 */
export class OriginPolicy {
  private readonly allowed: ReadonlySet<string>;

  constructor(allowedOrigins: readonly string[]) {
    this.allowed = new Set(allowedOrigins.map((origin) => origin.replace(/\/+$/, '').toLowerCase()));
  }

  /** `true` when the request carries an Origin header that is the same origin or allow-listed. */
  isAllowed(request: FastifyRequest): boolean {
    const origin = request.headers.origin;
    if (typeof origin !== 'string' || origin === 'null') return false;
    const normalized = origin.toLowerCase();
    return normalized === sameOrigin(request) || this.allowed.has(normalized);
  }

  /** Clients that are not browsers (cameras, scripts) send no Origin; they still need an API key. */
  isAbsentOrAllowed(request: FastifyRequest): boolean {
    return request.headers.origin === undefined || this.isAllowed(request);
  }
}

function sameOrigin(request: FastifyRequest): string {
  return `${request.protocol}://${request.host}`.toLowerCase();
}

/** `ALLOWED_ORIGINS=https://a.example,https://b.example` → list. */
export function parseAllowedOrigins(raw: string): string[] {
  return raw
    .split(',')
    .map((origin) => origin.trim())
    .filter(Boolean);
}
