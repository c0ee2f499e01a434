import {
  DEFAULT_HEAD_TURN,
  HeadTurnChallenge,
  randomTurnDirection,
  type AnalyzedFace,
  type HeadTurnFailure,
  type TurnDirection,
} from '@attendance/vision';

const FAILURE_TEXT: Record<HeadTurnFailure, string> = {
  timeout: 'too slow',
  no_turn: 'no head turn seen',
  wrong_direction: 'turned the wrong way',
  identity_changed: 'a different face appeared',
  track_changed: 'the face left the picture (or a second face appeared)',
};

export interface EnrollmentChallengeOptions {
  identityThreshold: number;
  /** Fixed direction (scripted setups); default random for every attempt. */
  direction?: TurnDirection;
  timeoutMs?: number;
  onInstruction: (text: string) => void;
}

/**
 * The head-turn challenge before a camera enrollment: a random "turn your head to the left/right, then
 * look back" with the same face throughout (a frame with no face or several faces breaks the track). A
 * failed attempt is explained and a new one starts. Once passed, `passedEmbedding` is the person who
 * passed it: the samples that follow must match it.
 */
export class EnrollmentChallenge {
  private challenge: HeadTurnChallenge;
  private track = 0;
  private lastEmbedding: Float32Array | null = null;
  passedEmbedding: Float32Array | null = null;

  constructor(private readonly options: EnrollmentChallengeOptions) {
    this.challenge = this.start();
  }

  get passed(): boolean {
    return this.passedEmbedding !== null;
  }

  /** One frame's faces; returns the banner to show. */
  observe(faces: readonly AnalyzedFace[], timeMs: number): string {
    if (this.passedEmbedding) return 'LIVENESS CHECK PASSED';
    const only = faces.length === 1 ? faces[0] : undefined;
    if (!only) {
      this.track++;
      return faces.length === 0 ? 'NO FACE - STEP IN FRONT OF THE CAMERA' : 'ONLY ONE PERSON PLEASE';
    }
    if (only.embedding) this.lastEmbedding = only.embedding;
    const status = this.challenge.update({
      timeMs,
      trackId: this.track,
      landmarks: only.landmarks,
      embedding: only.embedding ?? undefined,
    });
    if (status.state === 'passed') {
      this.passedEmbedding = this.lastEmbedding;
      this.options.onInstruction('head turn passed; now hold still for the samples');
      return 'LIVENESS CHECK PASSED';
    }
    if (status.state === 'failed') {
      this.options.onInstruction(`head turn failed: ${FAILURE_TEXT[status.reason ?? 'timeout']}; again`);
      this.challenge = this.start();
      return 'TRY AGAIN';
    }
    if (status.state === 'waiting_frontal') return 'LOOK STRAIGHT AT THE CAMERA';
    return this.challenge.turnSeen
      ? 'NOW LOOK BACK AT THE CAMERA'
      : `TURN YOUR HEAD TO THE ${this.challenge.direction.toUpperCase()}`;
  }

  private start(): HeadTurnChallenge {
    const direction = this.options.direction ?? randomTurnDirection();
    this.options.onInstruction(
      `liveness check: look at the camera, turn your head to the ${direction}, then look back at the camera`,
    );
    return new HeadTurnChallenge({
      direction,
      timeoutMs: this.options.timeoutMs ?? DEFAULT_HEAD_TURN.timeoutMs,
      yawThreshold: DEFAULT_HEAD_TURN.yawThreshold,
      identityThreshold: this.options.identityThreshold,
    });
  }
}
