import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll } from 'vitest';
import { z } from 'zod';
import { captureLogger as captureLogLines, type CapturedLogLine } from '../../support/capture-logger.js';
import { cacheEnvShape, toCacheConfig, type CacheConfig } from '../../../src/cache/cache-config.js';
import { startUpstashRestServer, type UpstashRestTestServer } from '../../support/upstash-rest-server.js';

/** The shared Redis on this machine; tests only touch keys under their own random prefix. */
export const SHARED_REDIS_URL = 'redis://127.0.0.1:6379/0';

/** Parses `env` through the real env schema, with short timeouts suited to tests. */
export function cacheConfigFrom(env: Record<string, string>): CacheConfig {
  const schema = z.object(cacheEnvShape);
  return toCacheConfig(schema.parse({ CACHE_TIMEOUT_MS: '300', ...env }));
}

/** A key prefix no other test run uses. */
export function uniquePrefix(): string {
  return `test-cache-${randomUUID()}`;
}

/** Deletes this test's keys from the shared Redis and closes the inspecting connection. */
export async function dropPrefixAndDisconnect(inspector: Redis, prefix: string): Promise<void> {
  const keys = await inspector.keys(`${prefix}:*`);
  if (keys.length > 0) await inspector.del(...keys);
  inspector.disconnect();
}

/** A logger whose output is kept in memory, with the cache fields of its lines typed. */
export const captureLogger = () => captureLogLines<LogLine>();

/** The fields of a captured log line that the tests look at. */
export interface LogLine extends CapturedLogLine {
  cache?: { backend: string; status: string; reason: string };
}

/** Polls `condition` every `intervalMs` until it holds or `timeoutMs` passes; returns whether it held. */
export async function eventually(
  condition: () => boolean | Promise<boolean>,
  timeoutMs = 10_000,
  intervalMs = 50,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await condition()) return true;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  return condition();
}

/**
 * Registers, in the enclosing `describe`, an Upstash REST stand-in over the shared Redis that accepts
 * `token`. The suite keeps its keys under `prefix` (dropped afterwards) and reads Redis directly through
 * `inspector`; `server()` is the running stand-in, inside hooks and tests.
 */
export function upstashOverSharedRedis(token: string) {
  const prefix = uniquePrefix();
  const inspector = new Redis(SHARED_REDIS_URL);
  let upstash: UpstashRestTestServer | undefined;
  beforeAll(async () => {
    upstash = await startUpstashRestServer({ redisUrl: SHARED_REDIS_URL, token });
  });
  afterAll(async () => {
    await dropPrefixAndDisconnect(inspector, prefix);
    await upstash?.close();
  });
  const server = (): UpstashRestTestServer => {
    if (!upstash) throw new Error('the Upstash stand-in is not started yet (use it inside a hook or test)');
    return upstash;
  };
  return { prefix, inspector, server };
}
