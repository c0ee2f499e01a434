import type { DetectedFace, Point } from '../types.js';

/**
 * Decoded anchors that passed the score threshold, in model-input coordinates, as flat arrays: the
 * decoders and NMS touch only numbers, and face objects are built for the few faces NMS keeps.
 */
export interface FaceCandidates {
  scores: number[];
  /** `x1, y1, x2, y2` per candidate. */
  boxes: number[];
  /** 5 × `(x, y)` per candidate: left eye, right eye, nose, left and right mouth corner. */
  landmarks: number[];
}

export const emptyCandidates = (): FaceCandidates => ({ scores: [], boxes: [], landmarks: [] });

/**
 * Candidate `i` as a face in frame coordinates: model coordinates divided by the letterbox `scale`
 * (letterbox pads bottom/right only).
 */
export function candidateFace(
  { scores, boxes, landmarks }: FaceCandidates,
  i: number,
  scale: number,
): DetectedFace {
  const b = 4 * i;
  const l = 10 * i;
  const points: Point[] = [];
  for (let k = l; k < l + 10; k += 2) {
    points.push([(landmarks[k] as number) / scale, (landmarks[k + 1] as number) / scale]);
  }
  return {
    box: [
      (boxes[b] as number) / scale,
      (boxes[b + 1] as number) / scale,
      (boxes[b + 2] as number) / scale,
      (boxes[b + 3] as number) / scale,
    ],
    score: scores[i] as number,
    landmarks: points,
  };
}
