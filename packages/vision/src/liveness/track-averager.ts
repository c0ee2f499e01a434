import type { LivenessResult } from './passive-liveness.js';

export interface TrackLivenessOptions {
  /** Score at or above which the averaged track is `real` (use the same as the single-frame check). */
  threshold: number;
  /** How many of a track's latest scored frames are averaged (default 10). */
  window?: number;
}

export interface TrackLiveness extends LivenessResult {
  /** Frames in the average (too-small frames are not scored). */
  frames: number;
}

/**
 * Averages passive-liveness scores over the frames of each tracked face: one frame can be unlucky, a
 * track is a steadier signal. A frame judged `too_small` makes the track `too_small` until the face is
 * big enough again (never `real` from a face that is too small now).
 * @example
 * const verdict = averager.add(track.id, await liveness.check(frame, face)); // { score, decision, frames }
 */
export class LivenessTrackAverager {
  private readonly scores = new Map<string | number, number[]>();
  private readonly window: number;

  constructor(private readonly options: TrackLivenessOptions) {
    this.window = Math.max(1, options.window ?? 10);
  }

  add(trackId: string | number, result: LivenessResult): TrackLiveness {
    const scores = this.scores.get(trackId) ?? [];
    this.scores.set(trackId, scores);
    if (result.decision === 'too_small') {
      return {
        score: this.mean(scores) ?? result.score,
        decision: 'too_small',
        reason: 'come_closer',
        frames: scores.length,
      };
    }
    scores.push(result.score);
    if (scores.length > this.window) scores.shift();
    const score = this.mean(scores) as number;
    return score >= this.options.threshold
      ? { score, decision: 'real', frames: scores.length }
      : { score, decision: 'spoof', reason: 'spoof_suspected', frames: scores.length };
  }

  /** Forget a track that ended. */
  delete(trackId: string | number): void {
    this.scores.delete(trackId);
  }

  clear(): void {
    this.scores.clear();
  }

  private mean(scores: readonly number[]): number | undefined {
    return scores.length ? scores.reduce((a, b) => a + b, 0) / scores.length : undefined;
  }
}
