import type { DetectedFace } from '../types.js';

/** Maps a face from letterboxed model coordinates back to the frame (letterbox pads bottom/right only). */
export function scaleFace(face: DetectedFace, scale: number): DetectedFace {
  const [x1, y1, x2, y2] = face.box;
  return {
    box: [x1 / scale, y1 / scale, x2 / scale, y2 / scale],
    score: face.score,
    landmarks: face.landmarks.map(([x, y]) => [x / scale, y / scale] as const),
  };
}
