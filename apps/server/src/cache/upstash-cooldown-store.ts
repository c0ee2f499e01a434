import type { CacheHealth } from '@attendance/protocol';
import type { Logger } from 'pino';
import { backoffDelayMs, type BackoffPolicy } from './backoff.js';
import type { CooldownStore } from './cooldown-store.js';
import type { UpstashFailureKind, UpstashReply, UpstashRestClient } from './upstash-rest-client.js';

/** Collaborators and tuning of {@link UpstashCooldownStore}. */
export interface UpstashCooldownStoreOptions {
  client: UpstashRestClient;
  /** Why this backend was chosen, e.g. "CACHE_BACKEND=upstash_rest"; prefixes every health reason. */
  selectedBecause: string;
  logger: Logger;
  /** Delay between reconnection probes while Upstash is unreachable. */
  probeBackoff?: BackoffPolicy;
}

const DEFAULT_PROBE_BACKOFF: BackoffPolicy = { baseMs: 500, maxMs: 30_000 };

/**
 * Cooldown store on Upstash's REST API.
 *
 * While Upstash is unreachable or rejects the token, the store is "degraded": reads answer "miss" at
 * once without a network round trip (so identifies do not pay a timeout each), writes are skipped, and
 * a background PING with exponential backoff brings it back to "up" when Upstash answers again.
 */
export class UpstashCooldownStore implements CooldownStore {
  readonly backend = 'upstash_rest' as const;
  #status: CacheHealth['status'] = 'degraded';
  /** Open while Upstash is unreachable or refuses the token: calls are skipped until a probe passes. */
  #circuitOpen = true;
  #detail = 'not probed yet';
  #failedProbes = 0;
  #probeTimer: NodeJS.Timeout | undefined;
  #probing = false;
  #closed = false;
  readonly #probeBackoff: BackoffPolicy;

  constructor(private readonly options: UpstashCooldownStoreOptions) {
    this.#probeBackoff = options.probeBackoff ?? DEFAULT_PROBE_BACKOFF;
  }

  /** One PING; on failure the store stays degraded and keeps probing in the background. */
  async connect(): Promise<boolean> {
    await this.#probe();
    return this.#status === 'up';
  }

  async isCoolingDown(key: string): Promise<boolean> {
    if (this.#circuitOpen) return false;
    const reply = await this.#run(['EXISTS', key]);
    return reply.ok && Number(reply.result) === 1;
  }

  async markCoolingDown(key: string, ttlMs: number): Promise<void> {
    if (this.#circuitOpen) return;
    await this.#run(['SET', key, '1', 'NX', 'PX', Math.max(1, Math.ceil(ttlMs))]);
  }

  async clear(key: string): Promise<void> {
    // Attempted even while degraded: erasures are rare and a stale key should not outlive its person.
    await this.#run(['DEL', key]);
  }

  health(): CacheHealth {
    return {
      backend: 'upstash_rest',
      status: this.#status,
      reason: `${this.options.selectedBecause}; ${this.#detail}`,
    };
  }

  close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#probeTimer);
    this.#probeTimer = undefined;
    return Promise.resolve();
  }

  async #run(args: readonly (string | number)[]): Promise<UpstashReply> {
    const reply = await this.options.client.command(args);
    if (reply.ok) {
      if (this.#status !== 'up') this.#markUp('answering again');
    } else if (reply.kind === 'error') {
      // Upstash answered, so the connection is fine; report the failed command until one succeeds.
      if (this.#status === 'up') {
        this.options.logger.warn({ command: args[0], error: reply.message }, 'upstash command failed');
      }
      this.#status = 'degraded';
      this.#detail = `last command failed: ${reply.message}`;
    } else {
      this.#markDown(reply.kind, reply.message);
    }
    return reply;
  }

  async #probe(): Promise<void> {
    if (this.#closed) return;
    this.#probing = true;
    const reply = await this.options.client.command(['PING']);
    this.#probeTimer = undefined;
    this.#probing = false;
    if (reply.ok && reply.result === 'PONG') this.#markUp('answered PING');
    else if (reply.ok) this.#markDown('error', `unexpected PING reply ${JSON.stringify(reply.result)}`);
    else this.#markDown(reply.kind, reply.message);
  }

  #markUp(detail: string): void {
    const recovered = this.#status !== 'up' && this.#failedProbes > 0;
    this.#status = 'up';
    this.#circuitOpen = false;
    this.#detail = detail;
    this.#failedProbes = 0;
    if (recovered) this.options.logger.info({ cache: this.health() }, 'upstash cache recovered');
  }

  #markDown(kind: UpstashFailureKind, message: string): void {
    const wasUp = this.#status === 'up';
    this.#status = 'degraded';
    this.#circuitOpen = true;
    this.#failedProbes += 1;
    const nextMs = backoffDelayMs(this.#failedProbes, this.#probeBackoff);
    this.#detail = `${kind === 'auth' ? 'rejected' : 'unreachable'}: ${message}; identifies use the database; next retry in ${String(nextMs)} ms`;
    if (wasUp || this.#failedProbes === 1) {
      this.options.logger.warn({ cache: this.health() }, 'upstash cache degraded');
    }
    this.#scheduleProbe(nextMs);
  }

  #scheduleProbe(delayMs: number): void {
    if (this.#closed || this.#probing || this.#probeTimer !== undefined) return;
    this.#probeTimer = setTimeout(() => void this.#probe(), delayMs);
    this.#probeTimer.unref();
  }
}
