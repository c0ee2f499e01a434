import { cosineSimilarity } from '@attendance/protocol';
import { estimateHeadPose } from '../quality/head-pose.js';
import type { Point } from '../types.js';

/** The person's own left or right. */
export type TurnDirection = 'left' | 'right';

export type HeadTurnState = 'waiting_frontal' | 'turn' | 'passed' | 'failed';

export type HeadTurnFailure =
  'timeout' | 'no_turn' | 'identity_changed' | 'track_changed' | 'wrong_direction';

export interface HeadTurnChallengeOptions {
  direction: TurnDirection;
  /** The whole challenge, from the first frame, must finish within this time. */
  timeoutMs: number;
  /** |yaw| that counts as turned (see {@link estimateHeadPose}; ≈ 0.35 at 45°). */
  yawThreshold: number;
  /** Minimum cosine between the start and the end embedding (use the recognizer's threshold). */
  identityThreshold: number;
  /** |yaw| at or below which the face counts as frontal (default `yawThreshold / 2`). */
  frontalYaw?: number;
  /** Set when the landmarks come from a mirrored (selfie-view) frame, so left and right swap. */
  mirrored?: boolean;
}

/** One tracked face in one frame, in time order. */
export interface HeadTurnFrame {
  timeMs: number;
  /** The tracker's id of the face; must stay the same from the start to the end. */
  trackId: string | number;
  /** The detector's 5 landmarks in frame coordinates. */
  landmarks: readonly Point[];
  /** L2-normalised embedding of this frame's face, when the caller computed one. */
  embedding?: Float32Array | undefined;
}

export interface HeadTurnStatus {
  state: HeadTurnState;
  reason?: HeadTurnFailure;
  /** Signed yaw of this frame in the person's frame: > 0 = turned to their left. */
  yaw: number;
}

/** Suggested settings: a clear turn (≈ 20–25°) within 8 s. */
export const DEFAULT_HEAD_TURN = { timeoutMs: 8000, yawThreshold: 0.25 } as const;

/** A random direction, so a prepared video cannot know which way to turn. */
export function randomTurnDirection(random: () => number = Math.random): TurnDirection {
  return random() < 0.5 ? 'left' : 'right';
}

/**
 * Active liveness: "turn your head to the left/right", checked from the 5 landmarks of a tracked face.
 *
 * 1. `waiting_frontal` until a frontal frame that carries an embedding: that embedding and the track are
 *    the start.
 * 2. `turn` until the yaw reaches `yawThreshold` in the asked direction (the other direction fails with
 *    `wrong_direction`), then until a frame that is no longer turned carries an embedding: cosine with the
 *    start ≥ `identityThreshold` → `passed`, else `identity_changed`. Embeddings of turned frames are not
 *    compared (pose lowers cosine); a non-turned embedding that does not match fails at once.
 * 3. Another track id after the start fails with `track_changed`; running out of time fails with
 *    `no_turn` if the head never turned, else `timeout`. `passed` and `failed` are final.
 *
 * Pure logic, no clock: the caller passes frame times.
 * @example
 * const challenge = new HeadTurnChallenge({ direction: randomTurnDirection(), timeoutMs: 8000, yawThreshold: 0.25, identityThreshold: 0.46 });
 * const { state, reason } = challenge.update({ timeMs, trackId, landmarks, embedding });
 */
export class HeadTurnChallenge {
  readonly direction: TurnDirection;
  private readonly frontalYaw: number;
  private startTime: number | undefined;
  private startEmbedding: Float32Array | undefined;
  private startTrack: string | number | undefined;
  private turned = false;
  private final: HeadTurnStatus | undefined;

  constructor(private readonly options: HeadTurnChallengeOptions) {
    if (!(options.yawThreshold > 0)) throw new Error('yawThreshold must be > 0');
    this.direction = options.direction;
    this.frontalYaw = options.frontalYaw ?? options.yawThreshold / 2;
  }

  /** Whether the asked turn has been seen (the challenge then waits for the face to come back). */
  get turnSeen(): boolean {
    return this.turned;
  }

  update(frame: HeadTurnFrame): HeadTurnStatus {
    if (this.final) return this.final;
    const yaw = this.personYaw(frame.landmarks);
    this.startTime ??= frame.timeMs;
    if (frame.timeMs - this.startTime > this.options.timeoutMs) {
      const reason = this.startEmbedding && !this.turned ? 'no_turn' : 'timeout';
      return this.finish({ state: 'failed', reason, yaw });
    }
    if (!this.startEmbedding) {
      if (Math.abs(yaw) <= this.frontalYaw && frame.embedding) {
        this.startEmbedding = frame.embedding;
        this.startTrack = frame.trackId;
        return { state: 'turn', yaw };
      }
      return { state: 'waiting_frontal', yaw };
    }
    if (frame.trackId !== this.startTrack) {
      return this.finish({ state: 'failed', reason: 'track_changed', yaw });
    }
    const towards = this.direction === 'left' ? yaw : -yaw;
    if (!this.turned && towards <= -this.options.yawThreshold) {
      return this.finish({ state: 'failed', reason: 'wrong_direction', yaw });
    }
    if (towards >= this.options.yawThreshold) this.turned = true;
    const turnedNow = Math.abs(yaw) >= this.options.yawThreshold;
    if (frame.embedding && !turnedNow) {
      const same = cosineSimilarity(this.startEmbedding, frame.embedding) >= this.options.identityThreshold;
      if (!same) return this.finish({ state: 'failed', reason: 'identity_changed', yaw });
      if (this.turned) return this.finish({ state: 'passed', yaw });
    }
    return { state: 'turn', yaw };
  }

  /** Yaw with the sign of the person's own left (unmirrored camera: nose moves towards image right). */
  private personYaw(landmarks: readonly Point[]): number {
    const { yaw } = estimateHeadPose(landmarks);
    return this.options.mirrored ? -yaw : yaw;
  }

  private finish(status: HeadTurnStatus): HeadTurnStatus {
    this.final = status;
    return status;
  }
}
