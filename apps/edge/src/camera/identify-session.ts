import { encodeEmbedding, type IdentifyRequest } from '@attendance/protocol';
import type { TrackLiveness } from '@attendance/vision';
import type { ApiClient } from '../client/api-client.js';
import type { Logger } from '../logger.js';
import { IdentifyDispatcher, type DispatchOutcome } from '../queue/identify-dispatcher.js';
import type { OfflineQueue } from '../queue/offline-queue.js';
import type { AgentStats } from './agent-stats.js';
import type { DecisionLog } from './decision-log.js';
import type { TrackLivenessGate } from './track-liveness.js';
import { TrackRecognizer, type RecognitionPolicy } from './track-recognizer.js';

export interface IdentifySessionOptions {
  readonly client: ApiClient;
  readonly queue: OfflineQueue;
  readonly cameraId: string;
  readonly modelId: string;
  readonly policy: RecognitionPolicy;
  readonly gate: TrackLivenessGate | null;
  readonly retryIntervalMs: number;
  readonly stats: AgentStats;
  readonly decisions: DecisionLog;
  readonly log: Logger;
}

/**
 * The camera agent's side of the server: identify requests for tracks (through the offline queue when the
 * server is away), their answers applied to the tracks, late answers of replayed requests, and spoof reports.
 */
export class IdentifySession {
  readonly recognizer: TrackRecognizer;
  /** The last refusal from the server, shown on the frame until another one replaces it. */
  lastError: string | null = null;
  private readonly dispatcher: IdentifyDispatcher;
  private readonly spoofReports = new Set<Promise<void>>();
  private sequence = 0;

  constructor(private readonly options: IdentifySessionOptions) {
    const { stats, decisions } = options;
    this.dispatcher = new IdentifyDispatcher(
      options.client,
      options.queue,
      {
        onReplayed: (request, response) => {
          response.results.forEach((result, index) => {
            countResult(stats, result.status);
            const trackId = request.faces[index]?.track_id;
            if (trackId) this.recognizer.applyLateResult(trackId, result, Date.now());
            decisions.answered(trackId ?? 'unknown', result, response.threshold, true);
          });
        },
        onLog: options.log,
      },
      options.retryIntervalMs,
    );
    this.recognizer = new TrackRecognizer(
      options.policy,
      (trackId, embedding) => this.identify(trackId, embedding),
      (trackId, outcome) => {
        this.lastError = this.reportOutcome(outcome, trackId) ?? this.lastError;
      },
    );
  }

  /** Identify requests waiting in the offline queue. */
  get queued(): number {
    return this.dispatcher.queued;
  }

  /** Reports a spoof verdict to the server (in the background; `finish` waits for it). */
  reportSpoof(trackId: string, verdict: TrackLiveness): void {
    const { gate, log } = this.options;
    this.options.stats.count('spoofs');
    this.options.decisions.accountFor(trackId);
    const action = gate?.mode === 'enforce' ? 'not identified' : 'identified anyway (warn)';
    log(
      'warn',
      `spoof suspected on ${trackId}: liveness ${verdict.score.toFixed(2)} over ${verdict.frames} frames; ${action}`,
    );
    const report = this.dispatcher
      .submitSpoof({
        camera_id: this.options.cameraId,
        score: Math.min(1, Math.max(0, verdict.score)),
        reason: 'passive_spoof',
        mode: gate?.mode ?? 'warn',
        idempotency_key: `${trackId}-spoof`,
        captured_at: new Date().toISOString(),
      })
      .then((outcome) => {
        if (outcome.kind === 'rejected') log('error', `spoof report refused: ${outcome.reason}`);
      });
    this.spoofReports.add(report);
    void report.finally(() => this.spoofReports.delete(report));
  }

  /** Waits for answers in flight and spoof reports; at the end of a finite source, drains the queue a while. */
  async finish(drainTimeoutMs: number | null): Promise<void> {
    await this.recognizer.settle();
    while (this.spoofReports.size > 0) await Promise.all([...this.spoofReports]);
    if (drainTimeoutMs !== null && this.dispatcher.queued > 0) {
      this.options.log('info', `source ended; waiting up to ${drainTimeoutMs} ms for the offline queue`);
      await this.dispatcher.drain(drainTimeoutMs);
    }
  }

  close(): void {
    this.dispatcher.close();
  }

  private identify(trackId: string, embedding: Float32Array): Promise<DispatchOutcome> {
    this.options.stats.count('requests');
    this.options.decisions.accountFor(trackId);
    const liveness = this.options.gate?.evidence(trackId);
    const request: IdentifyRequest & { idempotency_key: string } = {
      camera_id: this.options.cameraId,
      model: this.options.modelId,
      faces: [
        {
          embedding: encodeEmbedding(embedding, 'float16'),
          track_id: trackId,
          ...(liveness ? { liveness } : {}),
        },
      ],
      idempotency_key: `${trackId}-${++this.sequence}`,
      captured_at: new Date().toISOString(),
    };
    return this.dispatcher.submit(request);
  }

  private reportOutcome(outcome: DispatchOutcome, trackId: string): string | null {
    const { stats, decisions, log } = this.options;
    switch (outcome.kind) {
      case 'answered':
        for (const result of outcome.response.results) {
          countResult(stats, result.status);
          decisions.answered(trackId, result, outcome.response.threshold);
        }
        return null;
      case 'queued':
        stats.count('queued');
        return null;
      case 'rejected':
        stats.count('errors');
        log('error', `identify refused for ${trackId}: ${outcome.reason}`);
        return outcome.reason;
    }
  }
}

function countResult(stats: AgentStats, status: string): void {
  if (status === 'recorded') stats.count('recorded');
  else if (status === 'already_recorded') stats.count('alreadyRecorded');
  else stats.count('unknown');
}
