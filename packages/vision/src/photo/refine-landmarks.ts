import type { FaceDetector } from '../detect/face-detector.js';
import type { DetectedFace, RgbImage } from '../types.js';

export interface LandmarkRefinement {
  /** Detector input side the face is re-detected at. */
  size: number;
  /** Side of the square cut around the face, as a multiple of the face box's longer side. */
  context: number;
}

/** `side × side` pixels of `image` from (`left`, `top`), whole pixels (no resampling), black outside. */
function cutSquare(image: RgbImage, left: number, top: number, side: number): RgbImage {
  const data = new Uint8Array(side * side * 3);
  const x0 = Math.max(0, left);
  const x1 = Math.min(image.width, left + side);
  if (x1 > x0) {
    for (let y = Math.max(0, top); y < Math.min(image.height, top + side); y++) {
      const from = (y * image.width + x0) * 3;
      data.set(image.data.subarray(from, from + (x1 - x0) * 3), ((y - top) * side + (x0 - left)) * 3);
    }
  }
  return { width: side, height: side, data };
}

function iou(a: DetectedFace['box'], b: DetectedFace['box']): number {
  const w = Math.max(0, Math.min(a[2], b[2]) - Math.max(a[0], b[0]));
  const h = Math.max(0, Math.min(a[3], b[3]) - Math.max(a[1], b[1]));
  const area = (r: DetectedFace['box']) => (r[2] - r[0]) * (r[3] - r[1]);
  return (w * h) / (area(a) + area(b) - w * h);
}

/**
 * The face detected again on a square cut around it, scaled so the face fills a large part of the detector
 * input: SCRFD's landmarks are a regression on the feature map, finer the more input pixels the face
 * covers, and a photo's face detected whole-frame at a small input gets landmarks a pixel or two off — which
 * moves the aligned crop and the embedding. Box and landmarks from the second run; the face unchanged if
 * the second run does not find it.
 */
export async function refineLandmarks<T extends DetectedFace>(
  detector: FaceDetector,
  image: RgbImage,
  face: T,
  refinement: LandmarkRefinement,
): Promise<T> {
  const [x1, y1, x2, y2] = face.box;
  const side = Math.max(32, Math.round(refinement.context * Math.max(x2 - x1, y2 - y1)));
  const left = Math.round((x1 + x2) / 2 - side / 2);
  const top = Math.round((y1 + y2) / 2 - side / 2);
  const found = await detector.detectAtSize(cutSquare(image, left, top, side), refinement.size);
  const moved = (box: DetectedFace['box']): DetectedFace['box'] => [
    box[0] + left,
    box[1] + top,
    box[2] + left,
    box[3] + top,
  ];
  const best = found
    .map((candidate) => ({ candidate, overlap: iou(moved(candidate.box), face.box) }))
    .sort((a, b) => b.overlap - a.overlap)[0];
  if (!best || best.overlap < 0.5) return face;
  return {
    ...face,
    box: moved(best.candidate.box),
    landmarks: best.candidate.landmarks.map(([x, y]) => [x + left, y + top] as const),
  };
}
