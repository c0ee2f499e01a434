import type { Point } from '../types.js';

export interface HeadPose {
  /** Nose offset from the eye midpoint along the eye line, in eye distances (0 = frontal). */
  yaw: number;
  /** Nose position between eye line (0) and mouth line (1), minus the frontal value 0.5. */
  pitch: number;
}

/**
 * Rough yaw/pitch from the 5 landmarks, measured in the face's own frame (so head roll doesn't count).
 * On the ArcFace template both are ≈ 0; a face turned ~45° gives |yaw| ≈ 0.35.
 */
export function estimateHeadPose(landmarks: readonly Point[]): HeadPose {
  const [leftEye, rightEye, nose, leftMouth, rightMouth] = landmarks;
  if (!leftEye || !rightEye || !nose || !leftMouth || !rightMouth) throw new Error('need 5 landmarks');
  const eyeMid: Point = [(leftEye[0] + rightEye[0]) / 2, (leftEye[1] + rightEye[1]) / 2];
  const mouthMid: Point = [(leftMouth[0] + rightMouth[0]) / 2, (leftMouth[1] + rightMouth[1]) / 2];
  const axisX = rightEye[0] - leftEye[0];
  const axisY = rightEye[1] - leftEye[1];
  const eyeDistance = Math.hypot(axisX, axisY) || 1;
  const ux = axisX / eyeDistance;
  const uy = axisY / eyeDistance;
  // Perpendicular pointing "down" the face.
  const vx = -uy;
  const vy = ux;
  const noseX = nose[0] - eyeMid[0];
  const noseY = nose[1] - eyeMid[1];
  const faceHeight = (mouthMid[0] - eyeMid[0]) * vx + (mouthMid[1] - eyeMid[1]) * vy || 1;
  return {
    yaw: (noseX * ux + noseY * uy) / eyeDistance,
    pitch: (noseX * vx + noseY * vy) / faceHeight - 0.5,
  };
}
