import type { QualityReason } from '@attendance/vision';
import type { FaceOverlay } from '../render/frame-annotator.js';
import type { TrackStatus } from './track-recognizer.js';

const QUALITY_TEXT: Record<QualityReason, string> = {
  too_dark: 'TOO DARK',
  too_small: 'TOO SMALL - COME CLOSER',
  low_score: 'LOW CONFIDENCE',
  blurry: 'BLURRY - HOLD STILL',
  bad_pose: 'LOOK AT THE CAMERA',
  out_of_frame: 'OUT OF FRAME',
};

/** The overlay text for refused faces, e.g. `TOO DARK`. */
export function qualityText(reasons: readonly QualityReason[]): string {
  return reasons.map((reason) => QUALITY_TEXT[reason]).join(', ');
}

/**
 * Colour and label of a tracked face: the server's answer wins (green for recorded or already
 * recorded, red for unknown, ambiguous or an error); without one, a refused face shows its quality
 * reason in red and anything else is yellow while pending.
 */
export function faceOverlay(
  box: FaceOverlay['box'],
  status: TrackStatus,
  refusedFor: readonly QualityReason[],
): FaceOverlay {
  switch (status.kind) {
    case 'resolved': {
      const { result } = status;
      const similarity = result.similarity === null ? '' : ` ${result.similarity.toFixed(2)}`;
      switch (result.status) {
        case 'recorded':
          return { box, color: 'green', label: `${result.person?.name ?? '?'} - RECORDED${similarity}` };
        case 'already_recorded':
          return {
            box,
            color: 'green',
            label: `${result.person?.name ?? '?'} - ALREADY RECORDED${similarity}`,
          };
        case 'unknown':
          return { box, color: 'red', label: `UNKNOWN${similarity}` };
        case 'ambiguous':
          return { box, color: 'red', label: 'AMBIGUOUS - NOT RECORDED' };
      }
      break;
    }
    case 'failed':
      return { box, color: 'red', label: `ERROR ${status.reason}`.slice(0, 60) };
    case 'queued':
      return { box, color: 'yellow', label: 'SERVER OFFLINE - QUEUED' };
    case 'pending':
      return { box, color: 'yellow', label: 'CHECKING...' };
    case 'collecting':
      break;
  }
  if (refusedFor.length > 0) return { box, color: 'red', label: qualityText(refusedFor) };
  return { box, color: 'yellow', label: 'SCANNING...' };
}
