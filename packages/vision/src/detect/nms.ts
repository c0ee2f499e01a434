import type { DetectedFace } from '../types.js';

function iou(a: DetectedFace['box'], b: DetectedFace['box']): number {
  const width = Math.min(a[2], b[2]) - Math.max(a[0], b[0]);
  const height = Math.min(a[3], b[3]) - Math.max(a[1], b[1]);
  if (width <= 0 || height <= 0) return 0;
  const intersection = width * height;
  const areaA = (a[2] - a[0]) * (a[3] - a[1]);
  const areaB = (b[2] - b[0]) * (b[3] - b[1]);
  return intersection / (areaA + areaB - intersection);
}

/**
 * Greedy non-maximum suppression: keeps the best-scoring face and drops every other face whose box
 * overlaps it with IoU above `iouThreshold` (InsightFace: 0.4). Returns faces sorted by score, best first.
 */
export function nonMaxSuppression(faces: readonly DetectedFace[], iouThreshold: number): DetectedFace[] {
  const sorted = [...faces].sort((a, b) => b.score - a.score);
  const kept: DetectedFace[] = [];
  for (const face of sorted) {
    if (kept.every((other) => iou(other.box, face.box) <= iouThreshold)) kept.push(face);
  }
  return kept;
}
