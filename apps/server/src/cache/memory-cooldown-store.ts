import type { CacheHealth } from '@attendance/protocol';
import type { CooldownStore } from './cooldown-store.js';

/** In-process store: the zero-setup default, and the fallback of `CACHE_BACKEND=auto`. */
export class MemoryCooldownStore implements CooldownStore {
  readonly backend = 'memory' as const;
  readonly #expiresAt = new Map<string, number>();

  /** @param reason why this store is active; a function when the reason changes over time. */
  constructor(
    private readonly reason: string | (() => string) = 'in-process store',
    private readonly now: () => number = Date.now,
  ) {}

  isCoolingDown(key: string): Promise<boolean> {
    const expiresAt = this.#expiresAt.get(key);
    if (expiresAt === undefined) return Promise.resolve(false);
    if (expiresAt <= this.now()) {
      this.#expiresAt.delete(key);
      return Promise.resolve(false);
    }
    return Promise.resolve(true);
  }

  markCoolingDown(key: string, ttlMs: number): Promise<void> {
    const now = this.now();
    const current = this.#expiresAt.get(key);
    if (current === undefined || current <= now) this.#expiresAt.set(key, now + ttlMs);
    this.#sweep(now);
    return Promise.resolve();
  }

  clear(key: string): Promise<void> {
    this.#expiresAt.delete(key);
    return Promise.resolve();
  }

  health(): CacheHealth {
    return {
      backend: 'memory',
      status: 'up',
      reason: typeof this.reason === 'string' ? this.reason : this.reason(),
    };
  }

  close(): Promise<void> {
    this.#expiresAt.clear();
    return Promise.resolve();
  }

  /** Keeps memory bounded: drop expired keys once the map grows. */
  #sweep(now: number): void {
    if (this.#expiresAt.size < 10_000) return;
    for (const [key, expiresAt] of this.#expiresAt) if (expiresAt <= now) this.#expiresAt.delete(key);
  }
}
