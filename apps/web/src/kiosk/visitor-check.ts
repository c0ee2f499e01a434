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
import { t } from '../i18n/i18n.js';

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
  /** `turning`: the head-turn instruction, shown even while the face fails the quality checks. */
  | { kind: 'hint'; title: string; detail: string; turning?: true }
  | { kind: 'refuse'; title: string; detail: string; spoof: { reason: SpoofReason; score: number } | null }
  | {
      kind: 'identify';
      embedding: Float32Array;
      evidence: LivenessEvidence | undefined;
      /** Warn mode: identify, but also report this spoof attempt. */
      spoof: { reason: SpoofReason; score: number } | null;
    };

const TURN_TEXT: Record<TurnDirection, string> = { left: 'visitor.turnLeft', right: 'visitor.turnRight' };

const FAILURE_TEXT: Record<HeadTurnFailure, string> = {
  timeout: 'visitor.timeout',
  no_turn: 'visitor.noTurn',
  wrong_direction: 'visitor.wrongDirection',
  identity_changed: 'visitor.identityChanged',
  track_changed: 'visitor.trackChanged',
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
        title: t(FAILURE_TEXT[reason]),
        detail: swapped ? t('visitor.identityChangedDetail') : '',
        spoof: swapped ? { reason: 'challenge_identity_changed', score: this.passive?.score ?? 0 } : null,
      };
    }
    if (challenge?.state === 'waiting_frontal') {
      return { kind: 'hint', title: t('visitor.lookStraight'), detail: t('visitor.livenessCheck') };
    }
    if (challenge?.state === 'turn') {
      return this.challenge?.turnSeen
        ? { kind: 'hint', title: t('visitor.lookBack'), detail: t('visitor.livenessCheck'), turning: true }
        : {
            kind: 'hint',
            title: t(TURN_TEXT[this.options.direction]),
            detail: t('visitor.thenLookBack'),
            turning: true,
          };
    }
    return this.afterChallenge();
  }

  /** The challenge passed (or is off): decide from the passive score. */
  private afterChallenge(): VisitorStep {
    const embedding = this.lastEmbedding;
    if (!embedding) return { kind: 'hint', title: t('visitor.lookStraight'), detail: '' };
    const challenge: ChallengeOutcome = this.challenge ? 'passed' : 'not_required';
    if (this.options.passive === 'off') {
      // No passive score: `unchecked` tells the server the score means nothing.
      const evidence = this.challenge ? { score: 0, decision: 'unchecked' as const, challenge } : undefined;
      return { kind: 'identify', embedding, evidence, spoof: null };
    }
    const passive = this.passive;
    if (passive?.decision === 'too_small') {
      return { kind: 'hint', title: t('visitor.comeCloser'), detail: t('visitor.tooSmall') };
    }
    if (!passive || passive.frames < MIN_PASSIVE_FRAMES) {
      return { kind: 'hint', title: t('visitor.holdStill'), detail: t('visitor.checking') };
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
        title: t('visitor.spoof'),
        detail: t('visitor.spoofDetail', { score: passive.score.toFixed(2) }),
        spoof,
      };
    }
    return { kind: 'identify', embedding, evidence, spoof };
  }
}
