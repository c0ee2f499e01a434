import type { CacheHealth } from '@attendance/protocol';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { CooldownStore } from './cooldown-store.js';
import { redactUrl } from './redis-url.js';

/** Settings and collaborators of {@link RedisCooldownStore}. */
export interface RedisCooldownStoreOptions {
  url: string;
  /** Deadline of connect and of every command (CACHE_TIMEOUT_MS). */
  timeoutMs: number;
  /** Why this backend was chosen; prefixes every health reason. */
  selectedBecause: string;
  logger: Logger;
  /** Longest pause between reconnection attempts. */
  maxReconnectDelayMs?: number;
  /**
   * Called whenever Redis is found not answering (initial connect or any reconnect attempt), e.g. to
   * start a local Redis. It must rate-limit itself; its returned text is appended to the health reason.
   */
  onUnavailable?: () => string | undefined;
}

/**
 * Cooldown store on Redis (ioredis): `SET key 1 NX PX ttl`, `EXISTS`, `DEL`.
 *
 * No offline queue and no resending: while disconnected every call answers "miss"/no-op at once
 * instead of piling up commands; ioredis keeps reconnecting forever and the store reports "up" again
 * as soon as the connection is ready.
 */
export class RedisCooldownStore implements CooldownStore {
  readonly backend = 'redis' as const;
  readonly #client: Redis;
  #lastError = 'connecting';
  #commandFailure: string | undefined;
  #onUnavailableNote: string | undefined;
  #degradationLogged = false;
  #closed = false;

  constructor(private readonly options: RedisCooldownStoreOptions) {
    const maxDelay = options.maxReconnectDelayMs ?? 2_000;
    this.#client = new Redis(options.url, {
      lazyConnect: true,
      enableOfflineQueue: false,
      autoResendUnfulfilledCommands: false,
      maxRetriesPerRequest: 0,
      connectTimeout: options.timeoutMs,
      commandTimeout: options.timeoutMs,
      retryStrategy: (attempt) => Math.min(50 * 2 ** Math.min(attempt, 10), maxDelay),
    });
    this.#client.on('ready', () => this.#onReady());
    this.#client.on('error', (error: Error) => {
      this.#lastError = error.message;
    });
    this.#client.on('close', () => this.#onConnectionLost());
  }

  /**
   * Connects, waiting at most `timeoutMs`; resolves false (never rejects) when Redis did not answer in
   * time. The store keeps reconnecting in the background either way.
   */
  async connect(timeoutMs = this.options.timeoutMs): Promise<boolean> {
    const ready = new Promise<boolean>((resolve) => {
      if (this.#client.status === 'ready') resolve(true);
      this.#client.once('ready', () => resolve(true));
      setTimeout(() => resolve(false), timeoutMs).unref();
    });
    // The first connect error is reported through 'error'; ioredis then retries by itself.
    this.#client.connect().catch(() => undefined);
    const isReady = await ready;
    if (!isReady) this.#onConnectionLost();
    return isReady;
  }

  async isCoolingDown(key: string): Promise<boolean> {
    if (this.#client.status !== 'ready') return false;
    try {
      const exists = await this.#client.exists(key);
      this.#commandSucceeded();
      return exists === 1;
    } catch (error) {
      this.#commandFailed('EXISTS', error);
      return false;
    }
  }

  async markCoolingDown(key: string, ttlMs: number): Promise<void> {
    if (this.#client.status !== 'ready') return;
    try {
      await this.#client.set(key, '1', 'PX', Math.max(1, Math.ceil(ttlMs)), 'NX');
      this.#commandSucceeded();
    } catch (error) {
      this.#commandFailed('SET', error);
    }
  }

  async clear(key: string): Promise<void> {
    if (this.#client.status !== 'ready') return;
    try {
      await this.#client.del(key);
      this.#commandSucceeded();
    } catch (error) {
      this.#commandFailed('DEL', error);
    }
  }

  health(): CacheHealth {
    const where = redactUrl(this.options.url);
    const prefix = `${this.options.selectedBecause}; ${where}`;
    if (this.#client.status === 'ready') {
      if (this.#commandFailure === undefined) {
        return { backend: 'redis', status: 'up', reason: `${prefix} answering` };
      }
      return { backend: 'redis', status: 'degraded', reason: `${prefix} ${this.#commandFailure}` };
    }
    const note = this.#onUnavailableNote ? `; ${this.#onUnavailableNote}` : '';
    return {
      backend: 'redis',
      status: 'degraded',
      reason: `${prefix} not answering (${this.#lastError}); identifies use the database; reconnecting${note}`,
    };
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#client.removeAllListeners('close');
    if (this.#client.status === 'ready') {
      await this.#client.quit().catch(() => undefined);
    }
    this.#client.disconnect();
  }

  #onReady(): void {
    this.#commandFailure = undefined;
    this.#onUnavailableNote = undefined;
    if (this.#degradationLogged) {
      this.#degradationLogged = false;
      this.options.logger.info({ cache: this.health() }, 'redis cache recovered');
    }
  }

  #onConnectionLost(): void {
    if (this.#closed) return; // no local starts on behalf of a closed store
    this.#onUnavailableNote = this.options.onUnavailable?.();
    if (!this.#degradationLogged) {
      this.#degradationLogged = true;
      this.options.logger.warn({ cache: this.health() }, 'redis cache degraded');
    }
  }

  #commandSucceeded(): void {
    if (this.#commandFailure === undefined) return;
    this.#commandFailure = undefined;
    this.options.logger.info({ cache: this.health() }, 'redis cache commands succeed again');
  }

  #commandFailed(command: string, error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    const firstFailure = this.#commandFailure === undefined;
    this.#commandFailure = `last ${command} failed: ${message}`;
    // Once per episode: a hung Redis must not turn every identify into a log line.
    if (firstFailure) this.options.logger.warn({ command, error: message }, 'redis cache command failed');
  }
}
