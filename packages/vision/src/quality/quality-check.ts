import type { DetectedFace, QualityReason, QualityReport, QualityThresholds } from '../types.js';
import { estimateHeadPose } from './head-pose.js';

/**
 * Defaults: brightness, width and score are the original system's gates; blur and pose were set on
 * `lfw-dev` so every enrolment photo there passes while blurred / turned faces fail (see README).
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

export interface QualityInput {
  face: DetectedFace;
  frameWidth: number;
  frameHeight: number;
  /** Mean gray of the whole frame (computed once per frame). */
  brightness: number;
  /** Laplacian variance of the aligned face, or null when not aligned. */
  blur: number | null;
}

/** Applies every quality gate and lists each reason that fails, in a stable order. */
export function assessQuality(input: QualityInput, thresholds: QualityThresholds): QualityReport {
  const { face, brightness, blur } = input;
  const [x1, y1, x2, y2] = face.box;
  const faceWidth = x2 - x1;
  const { yaw, pitch } = estimateHeadPose(face.landmarks);
  const margin = Math.max(2, EDGE_MARGIN_FRACTION * faceWidth);
  const reasons: QualityReason[] = [];
  if (brightness < thresholds.minBrightness) reasons.push('too_dark');
  if (faceWidth < thresholds.minFaceWidth) reasons.push('too_small');
  if (face.score < thresholds.minScore) reasons.push('low_score');
  if (blur !== null && blur < thresholds.minBlur) reasons.push('blurry');
  if (Math.abs(yaw) > thresholds.maxYaw || Math.abs(pitch) > thresholds.maxPitch) reasons.push('bad_pose');
  if (
    x1 < margin ||
    y1 < margin ||
    x2 > input.frameWidth - margin ||
    y2 > input.frameHeight - margin ||
    face.landmarks.some(([x, y]) => x < 0 || y < 0 || x >= input.frameWidth || y >= input.frameHeight)
  ) {
    reasons.push('out_of_frame');
  }
  return { ok: reasons.length === 0, reasons, brightness, faceWidth, score: face.score, blur, yaw, pitch };
}
