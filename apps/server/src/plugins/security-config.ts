import { z } from 'zod';

const perMinute = (fallback: number) => z.coerce.number().int().min(0).max(1_000_000).default(fallback);

/** Environment variables of rate limits, HTTP timeouts and header limits; merged into the server's config schema. */
export const securityEnvShape = {
  /**
   * Requests per minute of one edge-scope key. An entrance camera sends a few identifies a second at most;
   * 12000/min (200/s) lets 50 cameras share one key at 4 req/s each. 0 disables the limit.
   */
  RATE_LIMIT_EDGE_PER_MINUTE: perMinute(12_000),
  /** Requests per minute of one viewer or admin key (dashboards, enrollment scripts). 0 disables the limit. */
  RATE_LIMIT_KEY_PER_MINUTE: perMinute(6000),
  /** Requests per minute from one client IP without a valid key (open routes, bad keys, logins). 0 disables. */
  RATE_LIMIT_IP_PER_MINUTE: perMinute(600),
  /** Milliseconds a client has to send its request headers (slowloris). */
  HTTP_HEADERS_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(10_000),
  /** Milliseconds a client has to send its whole request (headers and body). */
  HTTP_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(100).max(3_600_000).default(30_000),
  /** Largest accepted request header block in bytes (431 headers_too_large above it). */
  MAX_HEADER_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(256 * 1024)
    .default(16 * 1024),
  /** Whether erasing a person also deletes their attendance events (`?events=keep|delete` overrides). */
  ERASE_EVENTS_WITH_PERSON: z.enum(['true', 'false']).default('true'),
};

export interface RateLimits {
  /** Requests per minute; 0 = unlimited. */
  edgeKeyPerMinute: number;
  keyPerMinute: number;
  ipPerMinute: number;
}

export interface HttpLimits {
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  maxHeaderBytes: number;
}

export interface SecurityConfig {
  rateLimits: RateLimits;
  http: HttpLimits;
  /** Default of `DELETE /v1/people/:id`: also delete the person's attendance events. */
  eraseEventsWithPerson: boolean;
}

type SecurityEnv = z.infer<z.ZodObject<typeof securityEnvShape>>;

export function toSecurityConfig(env: SecurityEnv): SecurityConfig {
  return {
    rateLimits: {
      edgeKeyPerMinute: env.RATE_LIMIT_EDGE_PER_MINUTE,
      keyPerMinute: env.RATE_LIMIT_KEY_PER_MINUTE,
      ipPerMinute: env.RATE_LIMIT_IP_PER_MINUTE,
    },
    http: {
      headersTimeoutMs: Math.min(env.HTTP_HEADERS_TIMEOUT_MS, env.HTTP_REQUEST_TIMEOUT_MS),
      requestTimeoutMs: env.HTTP_REQUEST_TIMEOUT_MS,
      maxHeaderBytes: env.MAX_HEADER_BYTES,
    },
    eraseEventsWithPerson: env.ERASE_EVENTS_WITH_PERSON === 'true',
  };
}

/** Defaults, for composition roots and tests that skip env parsing. */
export const DEFAULT_SECURITY_CONFIG: SecurityConfig = toSecurityConfig(z.object(securityEnvShape).parse({}));
