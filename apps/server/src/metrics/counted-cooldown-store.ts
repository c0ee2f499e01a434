import type { CooldownStore } from '../cache/cooldown-store.js';
import type { ServerMetrics } from './server-metrics.js';

/** The same store, counting each lookup as a hit or a miss (`attendance_cooldown_cache_lookups_total`). */
export function countCooldownLookups(store: CooldownStore, metrics: ServerMetrics): CooldownStore {
  return {
    backend: store.backend,
    async isCoolingDown(key) {
      const hit = await store.isCoolingDown(key);
      metrics.cacheLookups.inc({ result: hit ? 'hit' : 'miss' });
      return hit;
    },
    markCoolingDown: (key, ttlMs) => store.markCoolingDown(key, ttlMs),
    clear: (key) => store.clear(key),
    health: () => store.health(),
    close: () => store.close(),
  };
}
