import type { CacheHealth } from '@attendance/protocol';
import type { CooldownStore } from './cooldown-store.js';

/**
 * Delegates to whichever store is active now; `CACHE_BACKEND=auto` starts on the in-process store and
 * switches to Redis once a local Redis it started in the background answers. Entries of the old store
 * are not carried over: the database is the authority, so a lost entry costs one database check.
 */
export class SwitchableCooldownStore implements CooldownStore {
  #current: CooldownStore;
  #closed = false;
  readonly #onClose: (() => void)[] = [];

  constructor(initial: CooldownStore) {
    this.#current = initial;
  }

  get backend(): CacheHealth['backend'] {
    return this.#current.backend;
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Makes `next` the active store and closes the previous one. */
  async switchTo(next: CooldownStore): Promise<void> {
    const previous = this.#current;
    this.#current = next;
    await previous.close();
  }

  /** Registers cleanup of background work (timers) to run on {@link close}. */
  onClose(cleanup: () => void): void {
    this.#onClose.push(cleanup);
  }

  isCoolingDown(key: string): Promise<boolean> {
    return this.#current.isCoolingDown(key);
  }

  markCoolingDown(key: string, ttlMs: number): Promise<void> {
    return this.#current.markCoolingDown(key, ttlMs);
  }

  clear(key: string): Promise<void> {
    return this.#current.clear(key);
  }

  health(): CacheHealth {
    return this.#current.health();
  }

  async close(): Promise<void> {
    this.#closed = true;
    for (const cleanup of this.#onClose) cleanup();
    await this.#current.close();
  }
}
