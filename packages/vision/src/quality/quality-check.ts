import type {
  DetectedFace,
  Point,
  QualityCheck,
  QualityFailure,
  QualityReason,
  QualityReport,
  QualityThresholds,
} from '../types.js';
import { estimateHeadPose } from './head-pose.js';

/**
 * Defaults: width and score are the original system's gates; brightness is the original's 60 measured on
 * the face instead of the whole frame; blur and pose were set on `lfw-dev` so every enrolment photo there
 * passes while blurred / turned faces fail (see README).
 */
export const DEFAULT_QUALITY_THRESHOLDS: Readonly<QualityThresholds> = {
  minBrightness: 60,
  minFaceWidth: 60,
  minScore: 0.6,
  minBlur: 25,
  maxYaw: 0.45,
  maxPitch: 0.35,
};

/**
 * Detectors clip a cut-off face's box at the frame edge, so a box within this fraction of its width
 * (at least 2 px) of an edge counts as partly outside the frame.
 */
const EDGE_MARGIN_FRACTION = 0.02;

/** A face box at least this fraction of the picture's width makes the picture a tight crop around it. */
const TIGHT_CROP_FILL = 0.5;

/** The part of the frame that holds the picture (a padded still's original image), in frame pixels. */
export interface ContentRegion {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface QualityInput {
  face: DetectedFace;
  /** Where the picture is: the whole frame, or the original image inside a padded still. */
  content: ContentRegion;
  /**
   * Still photos may be cropped tight around the face (badge and HR photos cut the hair or chin): a face
   * at least half as wide as the picture then needs only its 5 landmarks inside it.
   * Any other face (and every face in a camera frame) must lie whole inside the picture.
   */
  allowTightCrop: boolean;
  /** Mean gray of the face region (see `faceBrightness`). */
  brightness: number;
  /** Laplacian variance of the aligned face, or null when not aligned. */
  blur: number | null;
}

/** Applies every quality gate and lists each failure with its measured value and limit, in a stable order. */
export function assessQuality(input: QualityInput, thresholds: QualityThresholds): QualityReport {
  const { face, brightness, blur } = input;
  const faceWidth = face.box[2] - face.box[0];
  const { yaw, pitch } = estimateHeadPose(face.landmarks);
  const failures: QualityFailure[] = [];
  const atLeast = (reason: QualityReason, check: QualityCheck, value: number, limit: number) => {
    if (value < limit) failures.push({ reason, check, value, limit });
  };
  const atMost = (reason: QualityReason, check: QualityCheck, value: number, limit: number) => {
    if (Math.abs(value) > limit) failures.push({ reason, check, value, limit });
  };
  atLeast('too_dark', 'brightness', brightness, thresholds.minBrightness);
  atLeast('too_small', 'face_width', faceWidth, thresholds.minFaceWidth);
  atLeast('low_score', 'score', face.score, thresholds.minScore);
  if (blur !== null) atLeast('blurry', 'blur', blur, thresholds.minBlur);
  atMost('bad_pose', 'yaw', yaw, thresholds.maxYaw);
  atMost('bad_pose', 'pitch', pitch, thresholds.maxPitch);
  atLeast('out_of_frame', 'edge_margin', edgeDistance(input), Math.max(2, EDGE_MARGIN_FRACTION * faceWidth));
  const reasons = [...new Set(failures.map((failure) => failure.reason))];
  return {
    ok: failures.length === 0,
    reasons,
    failures,
    brightness,
    faceWidth,
    score: face.score,
    blur,
    yaw,
    pitch,
  };
}

/** Smallest distance in pixels from the face (its box and landmarks, or only its landmarks) to an edge of the picture. */
function edgeDistance({ face, content, allowTightCrop }: QualityInput): number {
  const [x1, y1, x2, y2] = face.box;
  const fills = x2 - x1 >= TIGHT_CROP_FILL * content.width;
  const corners: readonly Point[] = [
    [x1, y1],
    [x2, y2],
  ];
  const points = allowTightCrop && fills ? face.landmarks : [...corners, ...face.landmarks];
  let distance = Infinity;
  for (const [x, y] of points) {
    distance = Math.min(
      distance,
      x - content.x,
      y - content.y,
      content.x + content.width - x,
      content.y + content.height - y,
    );
  }
  return distance;
}
