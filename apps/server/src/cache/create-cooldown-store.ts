import type { Logger } from 'pino';
import { selectAutoCooldownStore } from './auto-select-cooldown-store.js';
import type { CacheConfig } from './cache-config.js';
import type { CooldownStore } from './cooldown-store.js';
import { MemoryCooldownStore } from './memory-cooldown-store.js';
import {
  isUpstashConfigured,
  openRedisStore,
  openUpstashStore,
  type CooldownStoreTuning,
} from './open-backend-stores.js';
import { UnavailableCooldownStore } from './unavailable-cooldown-store.js';

/**
 * Builds the cooldown store selected by `CACHE_BACKEND` and logs which backend is active and why.
 *
 * Never throws and never blocks startup for longer than about one CACHE_TIMEOUT_MS per probed backend
 * (two for `auto` with Upstash configured): an explicit backend that is down is returned degraded and
 * recovers by itself; it never silently falls back to another backend. Only `auto` falls back.
 *
 * @param tuning retry pacing for tests; omit in production.
 */
export async function createCooldownStore(
  config: CacheConfig,
  logger: Logger,
  tuning: CooldownStoreTuning = {},
): Promise<CooldownStore> {
  const log = logger.child({ component: 'cooldown-cache' });
  let store: CooldownStore;
  try {
    store = await selectStore(config, log, tuning);
  } catch (error) {
    // Defensive: the stores do not throw, but a cache problem must never stop the server.
    const message = error instanceof Error ? error.message : String(error);
    store = new UnavailableCooldownStore(`CACHE_BACKEND=${config.backend} failed to start: ${message}`);
  }
  const health = store.health();
  const level = health.status === 'up' ? 'info' : 'warn';
  log[level]({ cache: health }, `cooldown cache: ${health.backend} (${health.status})`);
  return store;
}

function selectStore(
  config: CacheConfig,
  logger: Logger,
  tuning: CooldownStoreTuning,
): Promise<CooldownStore> {
  switch (config.backend) {
    case 'memory':
      return Promise.resolve(
        new MemoryCooldownStore('CACHE_BACKEND=memory (in-process, not shared between instances)'),
      );
    case 'upstash_rest':
      if (!isUpstashConfigured(config)) {
        return Promise.resolve(
          new UnavailableCooldownStore(
            'CACHE_BACKEND=upstash_rest but UPSTASH_REDIS_REST_URL or UPSTASH_REDIS_REST_TOKEN is empty; identifies use the database',
          ),
        );
      }
      return openUpstashStore(config, logger, 'CACHE_BACKEND=upstash_rest', tuning);
    case 'redis':
      return openRedisStore(config, logger, 'CACHE_BACKEND=redis', tuning);
    case 'auto':
      return selectAutoCooldownStore(config, logger, tuning);
  }
}
