import { describeError } from '@attendance/api-client';
import type { IdentifyResponse } from '@attendance/protocol';
import { ApiError, type ApiClient } from '../shared/api-client.js';
import type { KioskQueue, QueuedRequest } from './offline-queue.js';

/** A server that accepted the connection but has not answered in this time counts as unreachable. */
const BOUNDED = { timeoutMs: 8000 };
const RETRY_INTERVAL_MS = 3000;

export type SendOutcome =
  { kind: 'answered'; response: IdentifyResponse } | { kind: 'queued'; pending: number };

/**
 * Network failures, time-outs and answers a later try can change: 5xx, 429, 408, and 401 (the session ended,
 * e.g. a server restart; the page signs in again and the queue replays). Any other 4xx is final.
 */
export function isRetryable(error: unknown): boolean {
  return error instanceof ApiError ? error.retryable || error.status === 401 : true;
}

/**
 * Sends the kiosk's identifies and spoof reports, falling back to the IndexedDB {@link KioskQueue} when the
 * server cannot be reached, like the edge agent's dispatcher. Every request carries an idempotency key and
 * its capture time from the start, so a replay after a request that did reach the server before the
 * connection broke is not recorded twice, and a late replay is recorded at the time the person was there.
 * While anything is queued, new requests queue behind it so they reach the server in capture order.
 */
export class IdentifySender {
  private replaying: Promise<void> | null = null;
  private timer = 0;
  /**
   * The visitor (face track) whose check-in was queued last. While they stay in front of the kiosk during an
   * outage their repeated checks are not queued again: the server would only answer "already recorded".
   */
  private queuedVisitor: string | null = null;

  constructor(
    private readonly api: ApiClient,
    private readonly queue: KioskQueue,
    private readonly onPendingChange: (pending: number) => void,
  ) {}

  /** Replays what an earlier page (before a reload or an outage) left behind. */
  async start(): Promise<void> {
    const pending = await this.queue.size();
    this.onPendingChange(pending);
    if (pending > 0) this.schedule(0);
  }

  /** `visitor`: the face track the check-in is for, so that one visitor is queued once per outage. */
  async identify(request: QueuedRequest & { kind: 'identify' }, visitor: string): Promise<SendOutcome> {
    if (visitor === this.queuedVisitor) {
      const pending = await this.queue.size();
      if (pending > 0) return { kind: 'queued', pending };
    }
    const outcome = await this.send(request, async () => ({
      kind: 'answered',
      response: await this.api.identify(request.request, BOUNDED),
    }));
    this.queuedVisitor = outcome.kind === 'queued' ? visitor : null;
    return outcome;
  }

  async reportSpoof(request: QueuedRequest & { kind: 'spoof' }): Promise<void> {
    await this.send(request, async () => {
      await this.api.reportSpoof(request.request, BOUNDED);
      return { kind: 'answered', response: { model: '', threshold: 0, results: [] } };
    });
  }

  private async send(entry: QueuedRequest, deliver: () => Promise<SendOutcome>): Promise<SendOutcome> {
    if ((await this.queue.size()) === 0) {
      try {
        return await deliver();
      } catch (error) {
        if (!isRetryable(error)) throw error;
        console.warn(`server unreachable (${describeError(error)}); queued ${entry.key}`);
      }
    }
    await this.queue.enqueue(entry);
    const pending = await this.queue.size();
    this.onPendingChange(pending);
    this.schedule(RETRY_INTERVAL_MS);
    return { kind: 'queued', pending };
  }

  private async deliver(entry: QueuedRequest): Promise<void> {
    if (entry.kind === 'identify') await this.api.identify(entry.request, BOUNDED);
    else await this.api.reportSpoof(entry.request, BOUNDED);
  }

  private schedule(delayMs: number): void {
    if (this.timer !== 0 || this.replaying) return;
    this.timer = window.setTimeout(() => {
      this.timer = 0;
      this.replaying = this.replayAll().then((retry) => {
        this.replaying = null;
        if (retry) this.schedule(RETRY_INTERVAL_MS);
      });
    }, delayMs);
  }

  /** Oldest first; stops at the first failure a retry may fix. Answers whether to try again later. */
  private async replayAll(): Promise<boolean> {
    for (let entry = await this.queue.peek(); entry; entry = await this.queue.peek()) {
      try {
        await this.deliver(entry);
        await this.queue.ack(entry);
      } catch (error) {
        if (isRetryable(error)) return true;
        console.error(`server refused queued ${entry.key}: ${describeError(error)}`);
        await this.queue.reject(entry, describeError(error));
      } finally {
        this.onPendingChange(await this.queue.size());
      }
    }
    return false;
  }
}
