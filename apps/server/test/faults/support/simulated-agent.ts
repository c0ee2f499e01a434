/**
 * @module An edge agent without a camera: the REAL edge API client, durable offline queue and dispatcher
 * from `apps/edge/src`, fed with a plan's precomputed embeddings instead of ONNX output. What a fault test
 * checks (queueing on 5xx/network errors, replay in order with the same idempotency keys) is exactly the
 * code the `attendance camera` agent runs.
 */
import { encodeEmbedding, type MatchStatus } from '@attendance/protocol';
import { ApiClient } from '../../../../edge/src/client/api-client.js';
import {
  IdentifyDispatcher,
  type KeyedIdentifyRequest,
} from '../../../../edge/src/queue/identify-dispatcher.js';
import { OfflineQueue } from '../../../../edge/src/queue/offline-queue.js';
import { PLAN_MODEL, type Sighting } from './sighting-plan.js';

export interface AgentTally {
  answered: number;
  queued: number;
  rejected: string[];
  replayed: number;
  statuses: Partial<Record<MatchStatus, number>>;
}

export interface AgentOptions {
  baseUrl: string;
  apiKey: string;
  queueDir: string;
  /** Replay retry interval; short, so tests spend their time on traffic, not on waiting. */
  retryIntervalMs?: number;
  timeoutMs?: number;
  /** The dispatcher's log lines (queueing, each replayed key, dead letters). */
  onLog?: (level: 'info' | 'warn' | 'error', message: string) => void;
}

/** The idempotency key an agent sends for a sighting (what the server stores, plus `:<face index>`). */
export const idempotencyKeyOf = (sighting: Pick<Sighting, 'cameraId' | 'seq'>) =>
  `${sighting.cameraId}-${String(sighting.seq)}`;

export class SimulatedAgent {
  readonly tally: AgentTally = { answered: 0, queued: 0, rejected: [], replayed: 0, statuses: {} };
  private readonly dispatcher: IdentifyDispatcher;
  private closed = false;

  constructor(options: AgentOptions) {
    const client = new ApiClient({
      baseUrl: options.baseUrl,
      apiKey: options.apiKey,
      timeoutMs: options.timeoutMs ?? 15_000, // generous: CI shares 2 cores with other suites
    });
    this.dispatcher = new IdentifyDispatcher(
      client,
      OfflineQueue.open(options.queueDir),
      {
        onReplayed: (_request, response) => {
          this.tally.replayed += 1;
          this.count(response.results.map((result) => result.status));
        },
        onLog: (level, message) => {
          options.onLog?.(level, message);
          if (level === 'error') this.tally.rejected.push(message);
        },
      },
      options.retryIntervalMs ?? 200,
    );
  }

  /** Requests waiting in the durable queue. */
  get queued(): number {
    return this.dispatcher.queued;
  }

  /**
   * Sends the sightings one after another, `pauseMs` apart, as a camera would. `live` stamps each with
   * the current time (so the server's cooldown cache is used); otherwise the plan's capture time is sent.
   */
  async run(
    sightings: readonly Sighting[],
    options: { pauseMs: number; live?: boolean; onSent?: (index: number) => void },
  ): Promise<void> {
    for (const [index, sighting] of sightings.entries()) {
      if (this.closed) return;
      await this.send(sighting, options.live === true);
      options.onSent?.(index);
      if (options.pauseMs > 0) await new Promise((resolve) => setTimeout(resolve, options.pauseMs));
    }
  }

  async send(sighting: Sighting, live: boolean): Promise<void> {
    const request: KeyedIdentifyRequest = {
      camera_id: sighting.cameraId,
      model: PLAN_MODEL,
      faces: [{ embedding: encodeEmbedding(Float32Array.from(sighting.embedding), 'float16') }],
      idempotency_key: idempotencyKeyOf(sighting),
      captured_at: (live ? new Date() : sighting.capturedAt).toISOString(),
    };
    const outcome = await this.dispatcher.submit(request);
    if (outcome.kind === 'answered') {
      this.tally.answered += 1;
      this.count(outcome.response.results.map((result) => result.status));
    } else if (outcome.kind === 'queued') this.tally.queued += 1;
    else this.tally.rejected.push(outcome.reason);
  }

  /** Waits until every queued request was delivered; true when the queue is empty. */
  drain(timeoutMs: number): Promise<boolean> {
    return this.dispatcher.drain(timeoutMs);
  }

  /** Stops sending and replaying (what is queued stays on disk). */
  close(): void {
    this.closed = true;
    this.dispatcher.close();
  }

  private count(statuses: MatchStatus[]): void {
    for (const status of statuses) this.tally.statuses[status] = (this.tally.statuses[status] ?? 0) + 1;
  }
}
