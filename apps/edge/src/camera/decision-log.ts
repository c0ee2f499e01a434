import type { FaceResult } from '@attendance/protocol';
import type { AnalyzedFace } from '@attendance/vision';
import type { Logger } from '../logger.js';
import { explainQualityFailure } from '../config/quality-settings.js';

interface TrackAudit {
  frames: number;
  refusedFrames: number;
  lastRefusal: string | null;
  /** A probe was sent (its answer is logged), or another line already said why it was not. */
  accountedFor: boolean;
}

/**
 * The camera agent's audit trail: one info line per decision about a tracked face, each naming the track
 * and the similarity — recorded, already recorded, unknown (with the best similarity and the threshold),
 * ambiguous, and a track that left without being identified because every frame failed the quality checks
 * (with the last failed check, its value and limit). Liveness refusals are logged by the agent itself.
 */
export class DecisionLog {
  private readonly tracks = new Map<string, TrackAudit>();

  constructor(private readonly log: Logger) {}

  /** One frame's face on a track. */
  observe(trackId: string, face: AnalyzedFace): void {
    const audit = this.auditOf(trackId);
    audit.frames++;
    if (!face.quality.ok) {
      audit.refusedFrames++;
      audit.lastRefusal = face.quality.failures.map(explainQualityFailure).join('; ');
    }
  }

  /** A probe for the track was sent, or the track's fate was logged another way (liveness). */
  accountFor(trackId: string): void {
    this.auditOf(trackId).accountedFor = true;
  }

  /** The server's answer for a track. */
  answered(trackId: string, result: FaceResult, threshold: number | null, replayed = false): void {
    const similarity =
      result.similarity === null ? 'none (nobody enrolled for this model)' : result.similarity.toFixed(3);
    const person = result.person
      ? `${result.person.name}${result.person.external_id === null ? '' : ` (${result.person.external_id})`}`
      : '';
    const limit = threshold === null ? '' : ` (threshold ${threshold})`;
    const suffix = replayed ? ' (replayed from the offline queue)' : '';
    switch (result.status) {
      case 'recorded':
        this.log('info', `recorded ${person} on track ${trackId}, similarity ${similarity}${suffix}`);
        break;
      case 'already_recorded':
        this.log('info', `already recorded ${person} on track ${trackId}, similarity ${similarity}${suffix}`);
        break;
      case 'unknown':
        this.log('info', `unknown face on track ${trackId}, best similarity ${similarity}${limit}${suffix}`);
        break;
      case 'ambiguous': {
        const margin = result.margin === null ? '' : `, margin ${result.margin.toFixed(3)} to another person`;
        this.log(
          'info',
          `ambiguous face on track ${trackId}, similarity ${similarity}${margin}${limit}; not recorded${suffix}`,
        );
        break;
      }
    }
  }

  /** Tracks that left the picture: one that was never asked about says why. */
  ended(trackIds: Iterable<string>): void {
    for (const trackId of trackIds) {
      const audit = this.tracks.get(trackId);
      this.tracks.delete(trackId);
      if (!audit || audit.accountedFor) continue;
      if (audit.refusedFrames === audit.frames) {
        this.log(
          'info',
          `refused by quality on track ${trackId}: all ${audit.frames} frame(s) failed; last: ${audit.lastRefusal}`,
        );
      } else {
        this.log(
          'info',
          `not identified on track ${trackId}: ${audit.frames - audit.refusedFrames} of ${audit.frames} ` +
            'frame(s) passed quality but liveness never allowed identifying it',
        );
      }
    }
  }

  /** Tracks still followed (for the flush when the source ends). */
  get trackIds(): string[] {
    return [...this.tracks.keys()];
  }

  private auditOf(trackId: string): TrackAudit {
    let audit = this.tracks.get(trackId);
    if (!audit) {
      audit = { frames: 0, refusedFrames: 0, lastRefusal: null, accountedFor: false };
      this.tracks.set(trackId, audit);
    }
    return audit;
  }
}
