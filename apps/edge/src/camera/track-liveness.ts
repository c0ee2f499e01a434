import type { LivenessEvidence, LivenessMode } from '@attendance/protocol';
import { LivenessTrackAverager, type LivenessResult, type TrackLiveness } from '@attendance/vision';
import type { FaceOverlay } from '../render/frame-annotator.js';

/** Scored frames a track needs before its averaged verdict counts (one frame can be unlucky). */
export const MIN_LIVENESS_FRAMES = 3;

export interface TrackLivenessOptions {
  mode: Exclude<LivenessMode, 'off'>;
  threshold: number;
  /** Sent as `checked_by` in the evidence (model names). */
  checkedBy: string;
  minFrames?: number;
}

/**
 * Passive liveness per tracked face for the camera agent: averages each track's scores, decides whether
 * the face may be identified (`enforce` waits for a settled `real` verdict), attaches the evidence to
 * identify requests, says once per track when a spoof attempt should be reported, and gives the red
 * box label for spoofs and too-small faces.
 */
export class TrackLivenessGate {
  private readonly averager: LivenessTrackAverager;
  private readonly verdicts = new Map<string, TrackLiveness>();
  private readonly reported = new Set<string>();
  private readonly minFrames: number;

  constructor(private readonly options: TrackLivenessOptions) {
    this.averager = new LivenessTrackAverager({ threshold: options.threshold });
    this.minFrames = options.minFrames ?? MIN_LIVENESS_FRAMES;
  }

  get mode(): 'warn' | 'enforce' {
    return this.options.mode;
  }

  observe(trackId: string, result: LivenessResult): TrackLiveness {
    const verdict = this.averager.add(trackId, result);
    this.verdicts.set(trackId, verdict);
    return verdict;
  }

  /** A `real` or `spoof` verdict averaged over enough frames; too-small or young tracks have none. */
  settled(trackId: string): TrackLiveness | undefined {
    const verdict = this.verdicts.get(trackId);
    if (!verdict || verdict.decision === 'too_small' || verdict.frames < this.minFrames) return undefined;
    return verdict;
  }

  /**
   * Whether the track's next face should be scored: until its verdict settles (or while it is too small).
   * A settled track is scored again only on frames whose face is embedded (its evidence stays current).
   */
  needsScore(trackId: string): boolean {
    return this.settled(trackId) === undefined;
  }

  /** Whether the track's face may be sent to the server now (`warn` never holds a face back). */
  allowsIdentify(trackId: string): boolean {
    return this.options.mode === 'warn' || this.settled(trackId)?.decision === 'real';
  }

  /** The evidence for an identify request of this track. */
  evidence(trackId: string): LivenessEvidence | undefined {
    const verdict = this.verdicts.get(trackId);
    if (!verdict) return undefined;
    return {
      score: Math.min(1, Math.max(0, verdict.score)),
      decision:
        verdict.frames < this.minFrames && verdict.decision !== 'too_small' ? 'unchecked' : verdict.decision,
      checked_by: this.options.checkedBy,
      challenge: 'not_required',
    };
  }

  /** The settled spoof verdict of a track, the first time only (one report per track). */
  takeSpoofReport(trackId: string): TrackLiveness | undefined {
    const verdict = this.settled(trackId);
    if (verdict?.decision !== 'spoof' || this.reported.has(trackId)) return undefined;
    this.reported.add(trackId);
    return verdict;
  }

  /** Red box label for a spoof or a too-small face; null when liveness has nothing to say. */
  overlay(trackId: string, box: FaceOverlay['box']): FaceOverlay | null {
    const verdict = this.verdicts.get(trackId);
    if (verdict?.decision === 'too_small' && this.options.mode === 'enforce') {
      return { box, color: 'red', label: 'COME CLOSER - TOO SMALL FOR LIVENESS' };
    }
    const settled = this.settled(trackId);
    if (settled?.decision !== 'spoof') return null;
    const action = this.options.mode === 'enforce' ? 'NOT RECORDED' : 'WARNING';
    return { box, color: 'red', label: `SPOOF SUSPECTED ${settled.score.toFixed(2)} - ${action}` };
  }

  forget(trackIds: Iterable<string>): void {
    for (const id of trackIds) {
      this.averager.delete(id);
      this.verdicts.delete(id);
      this.reported.delete(id);
    }
  }
}
