import type { Logger } from 'pino';
import type { BackoffPolicy } from './backoff.js';
import type { CacheConfig } from './cache-config.js';
import { LocalRedisStarter } from './local-redis-starter.js';
import { RedisCooldownStore } from './redis-cooldown-store.js';
import { UpstashCooldownStore } from './upstash-cooldown-store.js';
import { UpstashRestClient } from './upstash-rest-client.js';

/** Retry pacing, overridable by tests; production uses the defaults of each store. */
export interface CooldownStoreTuning {
  /** Pause between Upstash PING probes while it is unreachable. */
  upstashProbeBackoff?: BackoffPolicy;
  /** Pause before another local Redis start after a failed one. */
  localRedisRetryBackoff?: BackoffPolicy;
  /** Longest pause between Redis reconnection attempts. */
  maxReconnectDelayMs?: number;
}

/** True when both Upstash variables are set. */
export function isUpstashConfigured(config: CacheConfig): boolean {
  return config.upstashUrl !== '' && config.upstashToken !== '';
}

/** An Upstash store after one PING (up, or degraded and probing in the background). */
export async function openUpstashStore(
  config: CacheConfig,
  logger: Logger,
  selectedBecause: string,
  tuning: CooldownStoreTuning = {},
): Promise<UpstashCooldownStore> {
  const client = new UpstashRestClient({
    url: config.upstashUrl,
    token: config.upstashToken,
    timeoutMs: config.timeoutMs,
  });
  const store = new UpstashCooldownStore({
    client,
    selectedBecause,
    logger,
    ...(tuning.upstashProbeBackoff && { probeBackoff: tuning.upstashProbeBackoff }),
  });
  await store.connect();
  return store;
}

/** The local-start helper for `config.redisUrl`, or why there is none. */
export function localRedisStarterFor(
  config: CacheConfig,
  logger: Logger,
  tuning: CooldownStoreTuning = {},
): { starter: LocalRedisStarter } | { starter: undefined; why: string } {
  if (!config.autoStartLocalRedis) return { starter: undefined, why: 'AUTO_START_LOCAL_REDIS=false' };
  const starter = LocalRedisStarter.forUrl({
    redisUrl: config.redisUrl,
    startCommand: config.localRedisStartCmd,
    preferDocker: config.preferDockerRedis,
    startTimeoutMs: config.localRedisStartTimeoutMs,
    logger,
    ...(tuning.localRedisRetryBackoff && { retryBackoff: tuning.localRedisRetryBackoff }),
  });
  if (starter === undefined) {
    return { starter: undefined, why: 'no auto-start: REDIS_URL is not a plain loopback redis://' };
  }
  return { starter };
}

/**
 * A Redis store after waiting at most CACHE_TIMEOUT_MS for the connection. When Redis does not answer
 * and the URL is loopback with auto-start on, a local Redis is started in the background (startup is
 * never blocked); the store reports degraded until Redis answers and then switches to up by itself.
 */
export async function openRedisStore(
  config: CacheConfig,
  logger: Logger,
  selectedBecause: string,
  tuning: CooldownStoreTuning = {},
): Promise<RedisCooldownStore> {
  const local = localRedisStarterFor(config, logger, tuning);
  const starter = local.starter;
  const onUnavailable = starter
    ? () => {
        void starter.ensureRunning();
        return starter.describe();
      }
    : () => ('why' in local ? local.why : undefined);
  const store = new RedisCooldownStore({
    url: config.redisUrl,
    timeoutMs: config.timeoutMs,
    selectedBecause,
    logger,
    onUnavailable,
    ...(tuning.maxReconnectDelayMs !== undefined && {
      maxReconnectDelayMs: tuning.maxReconnectDelayMs,
    }),
  });
  await store.connect();
  return store;
}
