import type { ChallengeOutcome, LivenessEvidence, LivenessMode, SpoofReason } from '@attendance/protocol';
import {
  HeadTurnChallenge,
  LivenessTrackAverager,
  type HeadTurnFailure,
  type LivenessResult,
  type Point,
  type TrackLiveness,
  type TurnDirection,
} from '@attendance/vision';

/** Passive scores averaged before a decision when no challenge runs (a challenge gives many more). */
const MIN_PASSIVE_FRAMES = 3;

export interface VisitorCheckOptions {
  /** Passive liveness: `off` (not run), `warn` (identify anyway, report the spoof), `enforce` (refuse). */
  passive: LivenessMode;
  challenge: boolean;
  direction: TurnDirection;
  /** Passive score at or above which the averaged track is real. */
  threshold: number;
  /** Cosine the start and end embeddings of the challenge must reach (the recognizer's threshold). */
  identityThreshold: number;
  timeoutMs: number;
  yawThreshold: number;
  /** Name of the liveness models, sent as `checked_by`. */
  checkedBy: string;
}

export interface VisitorFrame {
  timeMs: number;
  trackId: string;
  landmarks: readonly Point[];
  /** Present when the face passed the quality checks. */
  embedding: Float32Array | null;
  /** This frame's passive result; null when passive liveness is off. */
  passive: LivenessResult | null;
}

/** What the kiosk should do after a frame. */
export type VisitorStep =
  | { kind: 'hint'; title: string; detail: string }
  | { kind: 'refuse'; title: string; detail: string; spoof: { reason: SpoofReason; score: number } | null }
  | {
      kind: 'identify';
      embedding: Float32Array;
      evidence: LivenessEvidence | undefined;
      /** Warn mode: identify, but also report this spoof attempt. */
      spoof: { reason: SpoofReason; score: number } | null;
    };

const TURN_TEXT: Record<TurnDirection, string> = {
  left: 'Turn your head to the left',
  right: 'Turn your head to the right',
};

const FAILURE_TEXT: Record<HeadTurnFailure, string> = {
  timeout: 'Too slow — let’s try again',
  no_turn: 'No head turn seen — let’s try again',
  wrong_direction: 'Wrong way — let’s try again',
  identity_changed: 'Face changed during the check — not recorded',
  track_changed: 'Face lost during the check — let’s try again',
};

/**
 * One visitor in front of the kiosk (one tracked face): runs the head-turn challenge (when on) and
 * averages the passive liveness score, and says when the face may be identified, with which evidence.
 * Pure logic: the caller passes frames with their times, results are deterministic.
 */
export class VisitorCheck {
  private readonly challenge: HeadTurnChallenge | null;
  private readonly averager: LivenessTrackAverager;
  private passive: TrackLiveness | null = null;
  private lastEmbedding: Float32Array | null = null;

  constructor(private readonly options: VisitorCheckOptions) {
    this.challenge = options.challenge
      ? new HeadTurnChallenge({
          direction: options.direction,
          timeoutMs: options.timeoutMs,
          yawThreshold: options.yawThreshold,
          identityThreshold: options.identityThreshold,
        })
      : null;
    this.averager = new LivenessTrackAverager({ threshold: options.threshold });
  }

  get direction(): TurnDirection {
    return this.options.direction;
  }

  observe(frame: VisitorFrame): VisitorStep {
    if (frame.embedding) this.lastEmbedding = frame.embedding;
    if (frame.passive) this.passive = this.averager.add(frame.trackId, frame.passive);
    const challenge = this.challenge?.update({ ...frame, embedding: frame.embedding ?? undefined });
    if (challenge?.state === 'failed') {
      const reason = challenge.reason ?? 'timeout';
      const swapped = reason === 'identity_changed';
      return {
        kind: 'refuse',
        title: FAILURE_TEXT[reason],
        detail: swapped ? 'A different face appeared during the head turn.' : '',
        spoof: swapped ? { reason: 'challenge_identity_changed', score: this.passive?.score ?? 0 } : null,
      };
    }
    if (challenge?.state === 'waiting_frontal') {
      return { kind: 'hint', title: 'Look straight at the camera', detail: 'Liveness check' };
    }
    if (challenge?.state === 'turn') {
      return this.challenge?.turnSeen
        ? { kind: 'hint', title: 'Now look back at the camera', detail: 'Liveness check' }
        : { kind: 'hint', title: TURN_TEXT[this.options.direction], detail: 'then look back at the camera' };
    }
    return this.afterChallenge();
  }

  /** The challenge passed (or is off): decide from the passive score. */
  private afterChallenge(): VisitorStep {
    const embedding = this.lastEmbedding;
    if (!embedding) return { kind: 'hint', title: 'Look straight at the camera', detail: '' };
    const challenge: ChallengeOutcome = this.challenge ? 'passed' : 'not_required';
    if (this.options.passive === 'off') {
      // No passive score: `unchecked` tells the server the score means nothing.
      const evidence = this.challenge ? { score: 0, decision: 'unchecked' as const, challenge } : undefined;
      return { kind: 'identify', embedding, evidence, spoof: null };
    }
    const passive = this.passive;
    if (passive?.decision === 'too_small') {
      return { kind: 'hint', title: 'Come closer', detail: 'Your face is too small to check' };
    }
    if (!passive || passive.frames < MIN_PASSIVE_FRAMES) {
      return { kind: 'hint', title: 'Hold still', detail: 'Checking…' };
    }
    const evidence: LivenessEvidence = {
      score: passive.score,
      decision: passive.decision,
      checked_by: this.options.checkedBy,
      challenge,
    };
    const spoof =
      passive.decision === 'spoof' ? { reason: 'passive_spoof' as const, score: passive.score } : null;
    if (spoof && this.options.passive === 'enforce') {
      return {
        kind: 'refuse',
        title: 'Spoof suspected — not recorded',
        detail: `Liveness ${passive.score.toFixed(2)}: please step in front of the camera yourself`,
        spoof,
      };
    }
    return { kind: 'identify', embedding, evidence, spoof };
  }
}
