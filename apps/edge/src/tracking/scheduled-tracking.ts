import type { AnalyzedFace, FacePipeline, RgbImage } from '@attendance/vision';
import { appearanceSignature } from './appearance-signature.js';
import { EmbedScheduler, type EmbedReason, type SampleNeed } from './embed-scheduler.js';
import type { IouTracker } from './iou-tracker.js';

/** A face of this frame with its track and, when it was embedded, why. */
export interface TrackedFace extends AnalyzedFace {
  readonly trackId: string;
  readonly embedReason: EmbedReason | null;
}

export interface TrackedFrame {
  /** Detection order (best score first). */
  readonly faces: TrackedFace[];
  /** Tracks that ended in this frame: gone for too long, or split after an identity check. */
  readonly ended: string[];
}

/** Receives the milliseconds spent per stage (`analyze`: detect + quality, `track`, `embed`). */
export type StageClock = (stage: 'analyze' | 'track' | 'embed', ms: number) => void;

/**
 * One frame of the edge loop up to the recognizer: detect and check quality, associate faces with tracks,
 * embed only the faces the scheduler asks for (in one batched call), and split a track whose new
 * embedding shows somebody else.
 */
export class ScheduledTracking {
  constructor(
    private readonly pipeline: Pick<FacePipeline, 'analyze' | 'embedFaces'>,
    private readonly tracker: IouTracker,
    private readonly scheduler: EmbedScheduler = new EmbedScheduler(),
    private readonly clock: StageClock = () => {},
  ) {}

  /** `sampleNeed` says what the recognizer needs from a track (null: its last answer still holds). */
  async process(
    frame: RgbImage,
    now: number,
    sampleNeed: (trackId: string) => SampleNeed | null,
  ): Promise<TrackedFrame> {
    let started = performance.now();
    const detected = await this.pipeline.analyze(frame, { embed: 'none' });
    started = this.lap('analyze', started);

    const missedBefore = new Map(this.tracker.active.map((track) => [track.id, track.missedFrames]));
    const update = this.tracker.update(detected.map((face) => ({ box: face.box })));
    const trackIds = update.trackIds;
    const reasons = this.scheduler.plan(
      detected.map((face, index) => {
        const trackId = trackIds[index] ?? '';
        const missed = missedBefore.get(trackId);
        return {
          trackId,
          box: face.box,
          signature: appearanceSignature(frame, face.box),
          qualityOk: face.quality.ok,
          isNew: missed === undefined,
          reacquired: (missed ?? 0) > 0,
          sampleNeed: sampleNeed(trackId),
        };
      }),
      this.tracker.active.map((track) => ({ id: track.id, box: track.box })),
      now,
    );
    this.scheduler.forget(update.ended);
    started = this.lap('track', started);

    const chosen = detected.flatMap((_, index) => (reasons[index] ? [index] : []));
    const embeddings = await this.pipeline.embedFaces(
      frame,
      chosen.map((index) => detected[index] as AnalyzedFace),
    );
    started = this.lap('embed', started);

    const ended = [...update.ended];
    chosen.forEach((faceIndex, k) => {
      const embedding = embeddings[k];
      const face = detected[faceIndex];
      if (!embedding || !face) return;
      face.embedding = embedding;
      const checked = this.tracker.confirmAppearance(trackIds[faceIndex] ?? '', embedding);
      if (checked.ended !== null) {
        ended.push(checked.ended);
        this.scheduler.renamed(checked.ended, checked.trackId);
        trackIds[faceIndex] = checked.trackId;
      }
    });
    this.lap('track', started);
    return {
      faces: detected.map((face, index) => ({
        ...face,
        trackId: trackIds[index] ?? '',
        embedReason: reasons[index] ?? null,
      })),
      ended,
    };
  }

  private lap(stage: 'analyze' | 'track' | 'embed', started: number): number {
    const now = performance.now();
    this.clock(stage, now - started);
    return now;
  }
}
