import type { CacheHealth } from '@attendance/protocol';
import type { CooldownStore } from './cooldown-store.js';

/**
 * Stands in for an explicitly chosen backend that cannot work at all (e.g. `CACHE_BACKEND=upstash_rest`
 * without URL or token). It never falls back to another cache: every read is a miss, so identifies take
 * the database path, and health reports the cache as down with the reason.
 */
export class UnavailableCooldownStore implements CooldownStore {
  readonly backend = 'none' as const;

  constructor(private readonly reason: string) {}

  isCoolingDown(_key: string): Promise<boolean> {
    return Promise.resolve(false);
  }

  markCoolingDown(_key: string, _ttlMs: number): Promise<void> {
    return Promise.resolve();
  }

  clear(_key: string): Promise<void> {
    return Promise.resolve();
  }

  health(): CacheHealth {
    return { backend: 'none', status: 'down', reason: this.reason };
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
