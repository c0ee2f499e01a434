import type { DetectedFace } from '../types.js';
import { emptyCandidates } from './face-candidates.js';
import { nonMaxSuppression } from './nms.js';

/**
 * Faces found in the same image by several detection runs (e.g. at several input sizes), merged: where
 * boxes overlap with IoU above `iouThreshold` only the best-scoring face is kept. Best score first.
 */
export function mergeDetections(
  runs: readonly (readonly DetectedFace[])[],
  iouThreshold: number,
): DetectedFace[] {
  const faces = runs.flat();
  const candidates = emptyCandidates();
  for (const face of faces) {
    candidates.scores.push(face.score);
    candidates.boxes.push(...face.box);
  }
  return nonMaxSuppression(candidates, iouThreshold).map((i) => faces[i] as DetectedFace);
}
