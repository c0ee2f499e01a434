import type { FaceResult } from '@attendance/protocol';
import type { DispatchOutcome } from '../queue/identify-dispatcher.js';
import type { SampleNeed } from '../tracking/embed-scheduler.js';
import { fuseEmbeddings, type FaceSample } from '../tracking/embedding-fusion.js';

export interface RecognitionPolicy {
  /** Good samples collected before asking the server. */
  readonly framesToFuse: number;
  /** The probe is the mean of this many best samples. */
  readonly bestOfSamples: number;
  /** Ask with fewer samples once a track has waited this long (ms) since its first good sample. */
  readonly maxWaitMs: number;
  /** A recognised (recorded / already recorded) answer is kept this long before asking again. */
  readonly knownTtlMs: number;
  /** An unknown / ambiguous answer is kept this long; the next probe uses fresh samples. */
  readonly unknownTtlMs: number;
  /** After a refused request (401, 422, …) wait this long before trying again. */
  readonly errorRetryMs: number;
}

export const DEFAULT_POLICY: RecognitionPolicy = {
  framesToFuse: 3,
  bestOfSamples: 3,
  maxWaitMs: 1500,
  knownTtlMs: 30_000,
  unknownTtlMs: 5_000,
  errorRetryMs: 5_000,
};

export type TrackStatus =
  | { readonly kind: 'collecting' }
  | { readonly kind: 'pending' }
  | { readonly kind: 'queued'; readonly reason: string }
  | { readonly kind: 'resolved'; readonly result: FaceResult; readonly until: number }
  | { readonly kind: 'failed'; readonly reason: string; readonly until: number };

interface TrackRecord {
  samples: FaceSample[];
  firstSampleAt: number | null;
  status: TrackStatus;
}

/** Sends one fused probe for a track; resolves with what happened to it. */
export type ProbeSender = (trackId: string, embedding: Float32Array) => Promise<DispatchOutcome>;

/**
 * Decides, per tracked face, when to ask the server: after `framesToFuse` good samples (or `maxWaitMs`),
 * once per track, and again only when the answer expires. One person at the door = one request.
 */
export class TrackRecognizer {
  private readonly records = new Map<string, TrackRecord>();
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly policy: RecognitionPolicy,
    private readonly send: ProbeSender,
    private readonly onOutcome: (trackId: string, outcome: DispatchOutcome) => void = () => {},
    /** Stamps answers (their expiry); the same clock as the `now` given to `observe`. */
    private readonly clock: () => number = Date.now,
  ) {}

  /** Records one frame's observation of a track; `sample` is null when the face failed quality. */
  observe(trackId: string, sample: FaceSample | null, now: number): void {
    const record = this.recordFor(trackId);
    const status = record.status;
    if ((status.kind === 'resolved' || status.kind === 'failed') && now >= status.until) {
      record.status = { kind: 'collecting' };
      record.samples = [];
      record.firstSampleAt = null;
    }
    if (record.status.kind !== 'collecting' || sample === null) return;
    record.samples.push(sample);
    record.firstSampleAt ??= now;
    const waitedLongEnough = now - record.firstSampleAt >= this.policy.maxWaitMs;
    if (record.samples.length >= this.policy.framesToFuse || waitedLongEnough) {
      this.ask(trackId, record);
    }
  }

  /**
   * What this track needs from the next frame: samples while collecting (a new track too), or again once
   * its answer expired; null while a request is out or its answer still holds (no embedding needed).
   */
  sampleNeed(trackId: string, now: number): SampleNeed | null {
    const status = this.status(trackId);
    switch (status.kind) {
      case 'collecting':
        return 'collecting';
      case 'pending':
      case 'queued':
        return null;
      case 'failed':
        return now >= status.until ? 'error_retry' : null;
      case 'resolved': {
        if (now < status.until) return null;
        const known = status.result.status === 'recorded' || status.result.status === 'already_recorded';
        return known ? 'known_recheck' : 'unknown_retry';
      }
    }
  }

  status(trackId: string): TrackStatus {
    return this.records.get(trackId)?.status ?? { kind: 'collecting' };
  }

  /**
   * Drops tracks that left the picture, so memory stays bounded by the people in view. A track that
   * left before it was asked about (someone walking past quickly) is asked about with the samples it has.
   */
  forget(trackIds: Iterable<string>): void {
    for (const id of trackIds) {
      const record = this.records.get(id);
      if (record?.status.kind === 'collecting' && record.samples.length > 0) this.ask(id, record);
      this.records.delete(id);
    }
  }

  /** Track ids currently known (for a final flush when the source ends). */
  get trackIds(): string[] {
    return [...this.records.keys()];
  }

  /** Applies an answer that arrived later (offline queue replay) to a track still in view. */
  applyLateResult(trackId: string, result: FaceResult, now: number): void {
    const record = this.records.get(trackId);
    if (record?.status.kind === 'queued') record.status = this.resolved(result, now);
  }

  /** Resolves when every request sent so far has an outcome. */
  async settle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
  }

  private ask(trackId: string, record: TrackRecord): void {
    const probe = fuseEmbeddings(record.samples, this.policy.bestOfSamples);
    if (probe === null) return;
    record.status = { kind: 'pending' };
    const request = this.send(trackId, probe)
      .catch((error: unknown): DispatchOutcome => ({ kind: 'rejected', reason: String(error) }))
      .then((outcome) => {
        this.onOutcome(trackId, outcome);
        const current = this.records.get(trackId);
        if (current) current.status = this.statusAfter(outcome, this.clock());
      });
    this.inFlight.add(request);
    void request.finally(() => this.inFlight.delete(request));
  }

  private statusAfter(outcome: DispatchOutcome, now: number): TrackStatus {
    switch (outcome.kind) {
      case 'answered': {
        const result = outcome.response.results[0];
        return result === undefined
          ? { kind: 'failed', reason: 'empty answer', until: now + this.policy.errorRetryMs }
          : this.resolved(result, now);
      }
      case 'queued':
        return { kind: 'queued', reason: outcome.reason };
      case 'rejected':
        return { kind: 'failed', reason: outcome.reason, until: now + this.policy.errorRetryMs };
    }
  }

  private resolved(result: FaceResult, now: number): TrackStatus {
    const known = result.status === 'recorded' || result.status === 'already_recorded';
    const ttl = known ? this.policy.knownTtlMs : this.policy.unknownTtlMs;
    return { kind: 'resolved', result, until: now + ttl };
  }

  private recordFor(trackId: string): TrackRecord {
    let record = this.records.get(trackId);
    if (!record) {
      record = { samples: [], firstSampleAt: null, status: { kind: 'collecting' } };
      this.records.set(trackId, record);
    }
    return record;
  }
}
