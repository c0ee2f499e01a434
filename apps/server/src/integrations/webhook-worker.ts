import type { Logger } from 'pino';
import type { Database } from '../db/database.js';
import { isDatabaseUnavailable } from '../db/database-unavailable.js';
import type { ClaimedDelivery, WebhookOutboxRepository } from '../repositories/webhook-outbox.repository.js';
import { nextRetryDelayMs, type RetrySchedule } from './retry-schedule.js';
import type { WebhookSender } from './webhook-sender.js';

export interface WebhookWorkerOptions {
  concurrency: number;
  pollMs: number;
  timeoutMs: number;
  retry: RetrySchedule;
  deadAfterMs: number;
  retentionMs: number;
}

/** Requests in flight to one endpoint from one instance: a slow receiver cannot take every slot. */
const PER_ENDPOINT_IN_FLIGHT = 4;
/** A claim outlives the request's timeout by this much before another worker may take the delivery. */
const LEASE_MARGIN_MS = 30_000;
const PRUNE_EVERY_MS = 3600_000;
const ERROR_LOG_EVERY_MS = 30_000;

/**
 * Delivers the outbox off the request path: every `pollMs` (or sooner after a delivery finished) it claims
 * due deliveries up to its free slots, sends each, and writes the result. Any number of instances may run
 * one: claims skip each other's rows.
 */
export class WebhookWorker {
  readonly #inFlight = new Map<string, Promise<void>>();
  readonly #perEndpoint = new Map<string, number>();
  #timer: NodeJS.Timeout | null = null;
  #running = false;
  #ticking = false;
  #lastPrune = 0;
  #lastErrorLog = 0;

  constructor(
    private readonly db: Database,
    private readonly outbox: WebhookOutboxRepository,
    private readonly sender: WebhookSender,
    private readonly options: WebhookWorkerOptions,
    private readonly logger: Logger,
  ) {}

  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#schedule(0);
  }

  /** Stops claiming; waits (up to the request timeout) for deliveries in flight to record their result. */
  async stop(): Promise<void> {
    this.#running = false;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    const inFlight = Promise.allSettled(this.#inFlight.values());
    const deadline = new Promise((resolve) => setTimeout(resolve, this.options.timeoutMs + 1000).unref());
    await Promise.race([inFlight, deadline]);
  }

  #schedule(delayMs: number): void {
    if (!this.#running) return;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.#tick(), delayMs);
    this.#timer.unref();
  }

  async #tick(): Promise<void> {
    if (this.#ticking || !this.#running) return;
    this.#ticking = true;
    try {
      const free = this.options.concurrency - this.#inFlight.size;
      if (free > 0) {
        const claimed = await this.outbox.claimDue(this.db, {
          limit: free,
          leaseMs: this.options.timeoutMs + LEASE_MARGIN_MS,
          perEndpoint: PER_ENDPOINT_IN_FLIGHT,
          inFlight: this.#perEndpoint,
        });
        for (const delivery of claimed) this.#launch(delivery);
      }
      if (Date.now() - this.#lastPrune > PRUNE_EVERY_MS) {
        this.#lastPrune = Date.now();
        const pruned = await this.outbox.prune(this.db, this.options.retentionMs);
        if (pruned > 0) this.logger.info({ pruned }, 'old integration events pruned');
      }
    } catch (error) {
      this.#logError(error, 'webhook worker could not read the outbox');
    } finally {
      this.#ticking = false;
      this.#schedule(this.options.pollMs);
    }
  }

  #launch(delivery: ClaimedDelivery): void {
    this.#perEndpoint.set(delivery.endpointId, (this.#perEndpoint.get(delivery.endpointId) ?? 0) + 1);
    const done = this.#deliver(delivery)
      .catch((error: unknown) => this.#logError(error, 'webhook delivery result not recorded'))
      .finally(() => {
        this.#inFlight.delete(delivery.id);
        const left = (this.#perEndpoint.get(delivery.endpointId) ?? 1) - 1;
        if (left > 0) this.#perEndpoint.set(delivery.endpointId, left);
        else this.#perEndpoint.delete(delivery.endpointId);
        this.#schedule(0); // a slot is free: more may be due
      });
    this.#inFlight.set(delivery.id, done);
  }

  async #deliver(delivery: ClaimedDelivery): Promise<void> {
    const result = await this.sender.send({
      url: delivery.url,
      secret: delivery.secret,
      eventId: delivery.eventId,
      body: delivery.body,
    });
    if (result.ok) {
      await this.outbox.markDelivered(this.db, delivery.id, result);
      return;
    }
    const retryInMs = nextRetryDelayMs(delivery.attempts, this.options.retry, result.retryAfterMs);
    const dead = Date.now() + retryInMs - delivery.eventCreatedAt.getTime() > this.options.deadAfterMs;
    await this.outbox.markFailed(this.db, delivery.id, { ...result, retryInMs, dead });
    this.logger.warn(
      {
        deliveryId: delivery.id,
        endpointId: delivery.endpointId,
        attempt: delivery.attempts,
        statusCode: result.statusCode,
        error: result.error,
        dead,
      },
      dead ? 'webhook delivery given up (dead)' : 'webhook delivery failed; will retry',
    );
  }

  #logError(error: unknown, message: string): void {
    // An unreachable database is the outage log's to report (a bounded number of lines); polling simply
    // resumes when it is back.
    if (isDatabaseUnavailable(error)) return;
    if (Date.now() - this.#lastErrorLog < ERROR_LOG_EVERY_MS) return;
    this.#lastErrorLog = Date.now();
    this.logger.warn({ err: error }, message);
  }
}
