/** How many failures a key (a username, an IP) may have within the window before it is refused. */
export interface ThrottleRule {
  maxFailures: number;
  windowMs: number;
}

/**
 * Counts failed attempts (sign-ins, pairing codes) per key in fixed windows, in this process's memory:
 * once a key is over its rule every further attempt is refused unchecked until the window ends, so a
 * guesser learns nothing more. Bounded: past `maxKeys` tracked keys the oldest windows are dropped first.
 */
export class AttemptThrottle {
  readonly #failures = new Map<string, { count: number; until: number }>();

  constructor(
    private readonly rules: Record<string, ThrottleRule>,
    private readonly now: () => number = Date.now,
    private readonly maxKeys = 50_000,
  ) {}

  /** Milliseconds until the first of `keys` (`kind:value`) may try again; 0 when none is blocked. */
  retryAfterMs(keys: readonly string[]): number {
    const now = this.now();
    let wait = 0;
    for (const key of keys) {
      const entry = this.#failures.get(key);
      const rule = this.rules[kindOf(key)];
      if (!entry || !rule) continue;
      if (entry.until <= now) this.#failures.delete(key);
      else if (entry.count >= rule.maxFailures) wait = Math.max(wait, entry.until - now);
    }
    return wait;
  }

  fail(keys: readonly string[]): void {
    const now = this.now();
    for (const key of keys) {
      const rule = this.rules[kindOf(key)];
      if (!rule) continue;
      const entry = this.#failures.get(key);
      if (entry && entry.until > now) entry.count++;
      else {
        if (this.#failures.size >= this.maxKeys) this.#dropOldest();
        this.#failures.set(key, { count: 1, until: now + rule.windowMs });
      }
    }
  }

  /** A success clears the named keys (the username), not the IP's record of other failures. */
  clear(keys: readonly string[]): void {
    for (const key of keys) this.#failures.delete(key);
  }

  #dropOldest(): void {
    const oldest = this.#failures.keys().next();
    if (!oldest.done) this.#failures.delete(oldest.value);
  }
}

const kindOf = (key: string) => key.slice(0, key.indexOf(':'));
