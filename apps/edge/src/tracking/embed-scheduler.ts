import { intersectionOverUnion, type Box } from './box-geometry.js';
import { signatureSimilarity } from './appearance-signature.js';

/** Why the recognizer wants a fresh embedding of a track (see `TrackRecognizer.sampleNeed`). */
export type SampleNeed = 'collecting' | 'unknown_retry' | 'known_recheck' | 'error_retry';

/** Why a face is embedded in this frame; null: detection and tracking only. */
export type EmbedReason =
  | 'new_track'
  | SampleNeed
  /** The box moved or changed size more than a face does between two frames. */
  | 'box_jump'
  /** The pixels in the box stopped looking like the previous frame's (another face in the same place). */
  | 'appearance_change'
  /** The track's box touches another track's: an IoU tracker may swap the two here. */
  | 'overlap'
  /** The track was missed for a frame or more and is back: possibly somebody else. */
  | 'reacquired'
  /** Nothing else embedded this track for `verifyEveryMs`: confirm it is still the same person. */
  | 'verify';

/** Reasons that suspect a track switch (the identity must be confirmed before the track's label is trusted). */
export const SWITCH_REASONS: ReadonlySet<EmbedReason> = new Set([
  'box_jump',
  'appearance_change',
  'overlap',
  'reacquired',
]);

export interface EmbedSchedulePolicy {
  /** Centre displacement, as a fraction of the previous box width, that counts as a jump. */
  readonly jumpFraction: number;
  /** Width ratio (larger / smaller) between two frames that counts as a jump. */
  readonly jumpScale: number;
  /** Signature correlation below which the box shows different pixels (see `appearanceSignature`). */
  readonly minSignatureSimilarity: number;
  /** IoU with another track's box from which the two count as overlapping. */
  readonly overlapIou: number;
  /** Longest time a visible track goes without an embedding (identity verification). */
  readonly verifyEveryMs: number;
}

/**
 * Different people's face signatures correlate at most ≈0.85 (lfw-dev, 2,700 pairs; median 0.30), the same
 * face between consecutive frames above 0.95; 0.9 errs towards embedding.
 */
export const DEFAULT_SCHEDULE_POLICY: EmbedSchedulePolicy = {
  jumpFraction: 0.25,
  jumpScale: 1.3,
  minSignatureSimilarity: 0.9,
  overlapIou: 0.01,
  verifyEveryMs: 2000,
};

/** One detection of this frame, already associated to a track. */
export interface ScheduledFace {
  readonly trackId: string;
  readonly box: Box;
  readonly signature: Float32Array;
  /** Only faces that pass quality are embedded; a reason found on a refused face waits for a passing one. */
  readonly qualityOk: boolean;
  /** The track started in this frame. */
  readonly isNew: boolean;
  /** The track had been missed for at least one frame before this one. */
  readonly reacquired: boolean;
  /** What the recognizer needs from this track, if anything. */
  readonly sampleNeed: SampleNeed | null;
}

interface TrackMemory {
  box: Box;
  signature: Float32Array;
  lastEmbeddedAt: number;
  /** A switch reason seen on a frame whose face could not be embedded (failed quality). */
  owed: EmbedReason | null;
  overlapped: boolean;
}

/**
 * Decides per track whether this frame's face must be embedded. A face already recognised needs no new
 * embedding until its answer expires, unless something suggests the box now shows somebody else; all other
 * frames are detection and tracking only.
 */
export class EmbedScheduler {
  private readonly memory = new Map<string, TrackMemory>();

  constructor(private readonly policy: EmbedSchedulePolicy = DEFAULT_SCHEDULE_POLICY) {}

  /**
   * The reason to embed each face (null: not this frame), in input order. `trackBoxes` are every live
   * track's latest box, including tracks missed in this frame (a face hidden behind another one).
   * The caller embeds exactly the faces with a reason; the scheduler remembers them as embedded now.
   */
  plan(
    faces: readonly ScheduledFace[],
    trackBoxes: readonly { readonly id: string; readonly box: Box }[],
    now: number,
  ): (EmbedReason | null)[] {
    return faces.map((face) => {
      const memory = this.memory.get(face.trackId);
      const overlapping = trackBoxes.some(
        (other) =>
          other.id !== face.trackId && intersectionOverUnion(other.box, face.box) >= this.policy.overlapIou,
      );
      const wanted =
        this.switchSuspicion(face, memory, overlapping) ??
        memory?.owed ??
        face.sampleNeed ??
        (memory && now - memory.lastEmbeddedAt >= this.policy.verifyEveryMs ? 'verify' : null);
      const reason = face.qualityOk ? wanted : null;
      const owed = !face.qualityOk && wanted !== null && SWITCH_REASONS.has(wanted) ? wanted : null;
      this.memory.set(face.trackId, {
        box: face.box,
        signature: face.signature,
        lastEmbeddedAt: reason !== null ? now : (memory?.lastEmbeddedAt ?? now),
        owed: owed ?? (reason === null ? (memory?.owed ?? null) : null),
        overlapped: overlapping,
      });
      return reason;
    });
  }

  /** A track was split after an identity check: the new track carries on from the old one's memory. */
  renamed(oldId: string, newId: string): void {
    const memory = this.memory.get(oldId);
    this.memory.delete(oldId);
    if (memory) this.memory.set(newId, memory);
  }

  forget(trackIds: Iterable<string>): void {
    for (const id of trackIds) this.memory.delete(id);
  }

  private switchSuspicion(
    face: ScheduledFace,
    memory: TrackMemory | undefined,
    overlapping: boolean,
  ): EmbedReason | null {
    if (face.isNew || memory === undefined) return 'new_track';
    // Overlapping now, or just stopped overlapping (the association of this frame was the ambiguous one).
    if (overlapping || memory.overlapped) return 'overlap';
    if (face.reacquired) return 'reacquired';
    if (this.jumped(memory.box, face.box)) return 'box_jump';
    const similarity = signatureSimilarity(memory.signature, face.signature);
    if (similarity < this.policy.minSignatureSimilarity) return 'appearance_change';
    return null;
  }

  private jumped(previous: Box, current: Box): boolean {
    const width = Math.max(1, previous[2] - previous[0]);
    const dx = (current[0] + current[2] - previous[0] - previous[2]) / 2;
    const dy = (current[1] + current[3] - previous[1] - previous[3]) / 2;
    const scale = Math.max(1, current[2] - current[0]) / width;
    return (
      Math.hypot(dx, dy) > this.policy.jumpFraction * width ||
      Math.max(scale, 1 / scale) > this.policy.jumpScale
    );
  }
}
