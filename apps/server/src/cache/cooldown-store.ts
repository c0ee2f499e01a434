import type { CacheHealth } from '@attendance/protocol';

/**
 * Fast-path memory of "this person was recorded recently", so repeated sightings skip the database.
 *
 * The database stays the authority: the recognition service writes an event only inside a transaction
 * that checks the cooldown window itself, and sets the cache key only after that transaction committed.
 * So a lost, flushed or unreachable cache can never cause a duplicate or a lost event; at worst it
 * costs one extra database round trip.
 *
 * Contract for every implementation: methods never throw. A backend failure makes
 * `isCoolingDown` answer false (a miss), `markCoolingDown` a no-op, and is reported by `health()`.
 */
export interface CooldownStore {
  readonly backend: CacheHealth['backend'];
  /** True when `key` was marked and its TTL has not run out. */
  isCoolingDown(key: string): Promise<boolean>;
  /** Marks `key` for `ttlMs` milliseconds (atomic `SET key NX PX ttl` on Redis). */
  markCoolingDown(key: string, ttlMs: number): Promise<void>;
  /** Forgets `key` (used when a person is erased or their events are deleted). */
  clear(key: string): Promise<void>;
  health(): CacheHealth;
  close(): Promise<void>;
}
