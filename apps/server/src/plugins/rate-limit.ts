import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../errors.js';
import type { ApiKeyService } from '../services/api-key.service.js';
import type { RateLimits } from './security-config.js';

const WINDOW_MS = 60_000;

/** The bucket a request counts against: its verified API key, or else its client IP. */
async function bucketOf(request: FastifyRequest, apiKeys: ApiKeyService): Promise<string> {
  const header = request.headers['x-api-key'];
  const presented = Array.isArray(header) ? header[0] : header;
  // A dashboard session's principal was set by the session hook (accounts have no key to present).
  const key = presented ? await apiKeys.authenticate(presented) : request.apiKey;
  if (!key) return `ip:${request.ip}`;
  return key.scopes.every((scope) => scope === 'edge') ? `edge:${key.id}` : `key:${key.id}`;
}

const isHealthProbe = (request: FastifyRequest) =>
  request.method === 'GET' && /^\/health(\/|$)/.test(request.routeOptions.url ?? '');

function limitOf(bucket: string, limits: RateLimits): number {
  if (bucket.startsWith('edge:')) return limits.edgeKeyPerMinute;
  if (bucket.startsWith('key:')) return limits.keyPerMinute;
  return limits.ipPerMinute;
}

/**
 * Fixed one-minute windows per verified API key (edge keys get their own, larger limit) and per client IP
 * for everything else, in this process's memory (each server instance counts on its own). Runs after the
 * dashboard session hook (a session counts as its key) and before the auth hook, so floods of missing or
 * wrong keys are limited too. Over the limit: 429 `rate_limited` with `Retry-After` (seconds).
 */
export async function registerRateLimit(
  app: FastifyInstance,
  apiKeys: ApiKeyService,
  limits: RateLimits,
): Promise<void> {
  await app.register(rateLimit, {
    global: false,
    // Only a refused request carries headers (Retry-After): counters would tell a scanner what it may do.
    addHeadersOnExceeding: {
      'x-ratelimit-limit': false,
      'x-ratelimit-remaining': false,
      'x-ratelimit-reset': false,
    },
  });
  app.addHook(
    'onRequest',
    app.rateLimit({
      timeWindow: WINDOW_MS,
      keyGenerator: (request) => bucketOf(request, apiKeys),
      max: (_request, bucket) => limitOf(bucket, limits) || Number.MAX_SAFE_INTEGER,
      // Health probes are never throttled: a load balancer sharing an IP with a flooder must not mark us down.
      allowList: (request, bucket) => isHealthProbe(request) || limitOf(bucket, limits) === 0,
      errorResponseBuilder: (_request, context) =>
        new AppError('rate_limited', `too many requests, retry in ${context.after}`),
    }),
  );
}
