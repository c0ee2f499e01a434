import type { Logger } from 'pino';
import type { Database } from '../db/database.js';
import type { ClaimedDelivery, WebhookOutboxRepository } from '../repositories/webhook-outbox.repository.js';
import { nextRetryDelayMs, type RetrySchedule } from './retry-schedule.js';
import type { WebhookSender } from './webhook-sender.js';
import { WorkerLoop, throttledWarning } from './worker-loop.js';

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

export interface WebhookWorkerDeps {
  readonly db: Database;
  readonly outbox: WebhookOutboxRepository;
  readonly sender: WebhookSender;
  readonly options: WebhookWorkerOptions;
  readonly logger: Logger;
}

/**
 * Delivers the outbox off the request path: every `pollMs` (or sooner after a delivery finished) it claims
 * due deliveries up to its free slots, sends each, and writes the result. Any number of instances may run
 * one: claims skip each other's rows.
 */
export class WebhookWorker {
  readonly #inFlight = new Map<string, Promise<void>>();
  readonly #perEndpoint = new Map<string, number>();
  readonly #loop: WorkerLoop;
  readonly #logError: (error: unknown, message: string) => void;
  #lastPrune = 0;

  constructor(private readonly deps: WebhookWorkerDeps) {
    this.#logError = throttledWarning(deps.logger);
    this.#loop = new WorkerLoop({
      round: () => this.#claimAndPrune(),
      idleMs: deps.options.pollMs,
      onError: (error) => this.#logError(error, 'webhook worker could not read the outbox'),
    });
  }

  start(): void {
    this.#loop.start();
  }

  /** Stops claiming; waits (up to the request timeout) for deliveries in flight to record their result. */
  async stop(): Promise<void> {
    this.#loop.stop();
    const inFlight = Promise.allSettled(this.#inFlight.values());
    const deadline = new Promise((resolve) =>
      setTimeout(resolve, this.deps.options.timeoutMs + 1000).unref(),
    );
    await Promise.race([inFlight, deadline]);
  }

  async #claimAndPrune(): Promise<void> {
    const free = this.deps.options.concurrency - this.#inFlight.size;
    if (free > 0) {
      const claimed = await this.deps.outbox.claimDue(this.deps.db, {
        limit: free,
        leaseMs: this.deps.options.timeoutMs + LEASE_MARGIN_MS,
        perEndpoint: PER_ENDPOINT_IN_FLIGHT,
        inFlight: this.#perEndpoint,
      });
      for (const delivery of claimed) this.#launch(delivery);
    }
    if (Date.now() - this.#lastPrune > PRUNE_EVERY_MS) {
      this.#lastPrune = Date.now();
      const pruned = await this.deps.outbox.prune(this.deps.db, this.deps.options.retentionMs);
      if (pruned > 0) this.deps.logger.info({ pruned }, 'old integration events pruned');
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
        this.#loop.wake(); // a slot is free: more may be due
      });
    this.#inFlight.set(delivery.id, done);
  }

  async #deliver(delivery: ClaimedDelivery): Promise<void> {
    const result = await this.deps.sender.send({
      url: delivery.url,
      secret: delivery.secret,
      eventId: delivery.eventId,
      body: delivery.body,
    });
    if (result.ok) {
      await this.deps.outbox.markDelivered(this.deps.db, delivery.id, result);
      return;
    }
    const retryInMs = nextRetryDelayMs(delivery.attempts, this.deps.options.retry, result.retryAfterMs);
    const dead = Date.now() + retryInMs - delivery.eventCreatedAt.getTime() > this.deps.options.deadAfterMs;
    await this.deps.outbox.markFailed(this.deps.db, delivery.id, { ...result, retryInMs, dead });
    this.deps.logger.warn(
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
}
