import type { Logger } from 'pino';
import type { CacheConfig } from './cache-config.js';
import type { CooldownStore } from './cooldown-store.js';
import type { LocalRedisStarter } from './local-redis-starter.js';
import { MemoryCooldownStore } from './memory-cooldown-store.js';
import {
  isUpstashConfigured,
  localRedisStarterFor,
  openRedisStore,
  openUpstashStore,
  type CooldownStoreTuning,
} from './open-backend-stores.js';
import { pingRedis } from './ping-redis.js';
import { redactUrl } from './redis-url.js';
import { SwitchableCooldownStore } from './switchable-cooldown-store.js';

/**
 * `CACHE_BACKEND=auto`: Upstash if configured and answering PING, else Redis if it answers, else the
 * in-process store. With a loopback REDIS_URL and auto-start on, a local Redis is started in the
 * background meanwhile and the store switches to it once it answers. Every step's reason ends up in
 * `health().reason`, e.g. "auto: Upstash not configured; Redis redis://127.0.0.1:6379/0 answered".
 */
export async function selectAutoCooldownStore(
  config: CacheConfig,
  logger: Logger,
  tuning: CooldownStoreTuning = {},
): Promise<CooldownStore> {
  const steps: string[] = [];
  if (isUpstashConfigured(config)) {
    const upstash = await openUpstashStore(config, logger, 'auto: Upstash answered PING', tuning);
    if (upstash.health().status === 'up') return upstash;
    steps.push(`Upstash unreachable (${upstash.health().reason.replace(/^[^;]*; /, '')})`);
    await upstash.close();
  } else {
    steps.push('Upstash not configured');
  }

  const redisUrl = redactUrl(config.redisUrl);
  const answered = await pingRedis(config.redisUrl, config.timeoutMs);
  if (answered) {
    const because = `auto: ${steps.join('; ')}; Redis ${redisUrl} answered`;
    return openRedisStore(config, logger, because, tuning);
  }
  steps.push(`Redis ${redisUrl} not answering`);

  const local = localRedisStarterFor(config, logger, tuning);
  if (local.starter === undefined) {
    steps.push(local.why);
    return new MemoryCooldownStore(`auto: ${steps.join('; ')}; using the in-process store`);
  }
  const because = `auto: ${steps.join('; ')}`;
  const starter = local.starter;
  const store = new SwitchableCooldownStore(
    new MemoryCooldownStore(() => `${because}; ${starter.describe()}; in-process store meanwhile`),
  );
  promoteWhenLocalRedisAnswers({ store, starter: local.starter, because, config, logger, tuning });
  return store;
}

/** Keeps trying the local start (with the starter's backoff) until it works, then switches to Redis. */
function promoteWhenLocalRedisAnswers(context: {
  store: SwitchableCooldownStore;
  starter: LocalRedisStarter;
  because: string;
  config: CacheConfig;
  logger: Logger;
  tuning: CooldownStoreTuning;
}): void {
  const { store, starter, because, config, logger, tuning } = context;
  let timer: NodeJS.Timeout | undefined;
  store.onClose(() => clearTimeout(timer));

  const tryOnce = async (): Promise<void> => {
    const outcome = await starter.ensureRunning();
    if (store.closed) return;
    if (outcome.ok) {
      const redis = await openRedisStore(
        config,
        logger,
        `${because}; local Redis started (${outcome.how})`,
        tuning,
      );
      if (store.closed) return void (await redis.close());
      await store.switchTo(redis);
      logger.info({ cache: store.health() }, 'cooldown cache switched to redis');
      return;
    }
    timer = setTimeout(() => void tryOnce(), Math.max(starter.msUntilNextAttempt(), 100));
    timer.unref();
  };
  void tryOnce();
}
