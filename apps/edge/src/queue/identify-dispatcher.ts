import type { IdentifyRequest, IdentifyResponse, SpoofEventInput } from '@attendance/protocol';
import type { ApiClient } from '../client/api-client.js';
import { describeError, isRetryable } from '@attendance/api-client';
import type { OfflineQueue, QueuedIdentify } from './offline-queue.js';

export type KeyedIdentifyRequest = IdentifyRequest & { idempotency_key: string };

export type DispatchOutcome =
  | { readonly kind: 'answered'; readonly response: IdentifyResponse }
  | { readonly kind: 'queued'; readonly reason: string }
  | { readonly kind: 'rejected'; readonly reason: string };

export interface DispatcherEvents {
  /** A queued request was delivered later; its answer (tracks may still be on screen). */
  onReplayed(request: IdentifyRequest, response: IdentifyResponse): void;
  /** Something worth a log line (queueing, replay failures, dead letters). */
  onLog(level: 'info' | 'warn' | 'error', message: string): void;
}

/**
 * Sends identify requests, falling back to the durable {@link OfflineQueue} when the server cannot be
 * reached (network error, timeout, 5xx). While anything is queued, new requests queue behind it so
 * events reach the server in capture order; a background replay drains the queue with the original
 * idempotency keys, so a request that did reach the server before timing out is not recorded twice.
 */
export class IdentifyDispatcher {
  private replaying: Promise<void> | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(
    private readonly client: ApiClient,
    private readonly queue: OfflineQueue,
    private readonly events: DispatcherEvents,
    private readonly retryIntervalMs = 2000,
  ) {
    if (queue.size > 0) {
      events.onLog('info', `offline queue: ${queue.size} request(s) from a previous run to replay`);
      this.scheduleReplay(0);
    }
  }

  get queued(): number {
    return this.queue.size;
  }

  async submit(request: KeyedIdentifyRequest): Promise<DispatchOutcome> {
    if (this.queue.size > 0) {
      this.queue.enqueue(request);
      this.scheduleReplay(0);
      return { kind: 'queued', reason: `${this.queue.size} waiting in the offline queue` };
    }
    try {
      // queue_depth: the server exports it as a metric (attendance_edge_queue_depth).
      return { kind: 'answered', response: await this.client.identify({ ...request, queue_depth: 0 }) };
    } catch (error) {
      const reason = describeError(error);
      if (!isRetryable(error)) return { kind: 'rejected', reason };
      this.queue.enqueue(request);
      this.events.onLog('warn', `server unavailable (${reason}); queued ${request.idempotency_key}`);
      this.scheduleReplay(this.retryIntervalMs);
      return { kind: 'queued', reason };
    }
  }

  /**
   * Reports a spoof attempt through the same queue, so it is never lost and keeps its place in capture
   * order; its idempotency key makes a replay safe.
   */
  async submitSpoof(report: SpoofEventInput & { idempotency_key: string }): Promise<DispatchOutcome> {
    if (this.queue.size > 0) {
      this.queue.enqueueSpoof(report);
      this.scheduleReplay(0);
      return { kind: 'queued', reason: `${this.queue.size} waiting in the offline queue` };
    }
    try {
      await this.client.reportSpoof(report);
      return { kind: 'answered', response: { model: '', threshold: 0, results: [] } };
    } catch (error) {
      const reason = describeError(error);
      if (!isRetryable(error)) return { kind: 'rejected', reason };
      this.queue.enqueueSpoof(report);
      this.events.onLog(
        'warn',
        `server unavailable (${reason}); queued spoof report ${report.idempotency_key}`,
      );
      this.scheduleReplay(this.retryIntervalMs);
      return { kind: 'queued', reason };
    }
  }

  /** Waits until the queue is empty or `timeoutMs` passes; true when empty. */
  async drain(timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (this.queue.size > 0 && Date.now() < deadline) {
      await (this.replaying ?? this.replayNow());
      if (this.queue.size > 0) await sleep(Math.min(200, this.retryIntervalMs));
    }
    return this.queue.size === 0;
  }

  close(): void {
    this.closed = true;
    if (this.retryTimer !== null) clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }

  private scheduleReplay(delayMs: number): void {
    if (this.closed || this.retryTimer !== null || this.replaying !== null) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.replayNow();
    }, delayMs);
  }

  private replayNow(): Promise<void> {
    this.replaying ??= this.replayAll().finally(() => {
      this.replaying = null;
    });
    return this.replaying;
  }

  private async replayAll(): Promise<void> {
    for (let entry = this.queue.peek(); entry !== undefined; entry = this.queue.peek()) {
      if (this.closed) return;
      try {
        await this.deliver(entry);
      } catch (error) {
        if (isRetryable(error)) {
          this.scheduleReplayAfterFailure();
          return;
        }
        this.queue.deadLetter(entry.key, describeError(error));
        this.events.onLog('error', `server refused queued ${entry.key}: ${describeError(error)}`);
      }
    }
  }

  private async deliver(entry: QueuedIdentify): Promise<void> {
    if (entry.kind === 'spoof') {
      await this.client.reportSpoof(entry.request);
      this.queue.ack(entry.key);
      this.events.onLog('info', `replayed spoof report ${entry.key} (${this.queue.size} left)`);
      return;
    }
    const response = await this.client.identify({ ...entry.request, queue_depth: this.queue.size });
    this.queue.ack(entry.key);
    this.events.onLog('info', `replayed ${entry.key} (${this.queue.size} left)`);
    this.events.onReplayed(entry.request, response);
  }

  private scheduleReplayAfterFailure(): void {
    // Runs inside replayAll, before `replaying` is cleared; defer so scheduleReplay sees it idle.
    setImmediate(() => this.scheduleReplay(this.retryIntervalMs));
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
