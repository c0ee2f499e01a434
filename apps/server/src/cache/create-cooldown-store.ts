import type { Logger } from 'pino';
import type { CacheConfig } from './cache-config.js';
import type { CooldownStore } from './cooldown-store.js';
import { MemoryCooldownStore } from './memory-cooldown-store.js';

/**
 * Builds the cooldown store selected by `CACHE_BACKEND`. Never throws and never blocks startup on an
 * unreachable cache: an explicit backend that is down is returned in a degraded state.
 */
export function createCooldownStore(config: CacheConfig, logger: Logger): Promise<CooldownStore> {
  // Redis and Upstash backends arrive with the cache-backends issue; until then every choice is in-process.
  const store = new MemoryCooldownStore(
    config.backend === 'memory' ? 'CACHE_BACKEND=memory' : `CACHE_BACKEND=${config.backend} not built yet`,
  );
  logger.info({ cache: store.health() }, 'cooldown cache selected');
  return Promise.resolve(store);
}
