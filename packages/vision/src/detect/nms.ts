import type { FaceCandidates } from './face-candidates.js';

/** IoU of boxes `a` and `b` (indices into the flat `x1, y1, x2, y2` list). */
function iou(boxes: readonly number[], a: number, b: number): number {
  const ax1 = boxes[4 * a] as number,
    ay1 = boxes[4 * a + 1] as number,
    ax2 = boxes[4 * a + 2] as number,
    ay2 = boxes[4 * a + 3] as number;
  const bx1 = boxes[4 * b] as number,
    by1 = boxes[4 * b + 1] as number,
    bx2 = boxes[4 * b + 2] as number,
    by2 = boxes[4 * b + 3] as number;
  const width = Math.min(ax2, bx2) - Math.max(ax1, bx1);
  const height = Math.min(ay2, by2) - Math.max(ay1, by1);
  if (width <= 0 || height <= 0) return 0;
  const intersection = width * height;
  const areaA = (ax2 - ax1) * (ay2 - ay1);
  const areaB = (bx2 - bx1) * (by2 - by1);
  return intersection / (areaA + areaB - intersection);
}

/**
 * Greedy non-maximum suppression: keeps the best-scoring candidate and drops every other one whose box
 * overlaps it with IoU above `iouThreshold` (InsightFace: 0.4), then repeats on what is left. Returns the
 * kept candidates' indices, best first (ties: lower index first, as a stable sort by score would).
 */
export function nonMaxSuppression({ scores, boxes }: FaceCandidates, iouThreshold: number): number[] {
  const alive = scores.map(() => true);
  const kept: number[] = [];
  for (;;) {
    let best = -1;
    for (let i = 0; i < scores.length; i++) {
      if (alive[i] && (best < 0 || (scores[i] as number) > (scores[best] as number))) best = i;
    }
    if (best < 0) return kept;
    kept.push(best);
    alive[best] = false;
    for (let i = 0; i < scores.length; i++) {
      if (alive[i] && iou(boxes, best, i) > iouThreshold) alive[i] = false;
    }
  }
}
