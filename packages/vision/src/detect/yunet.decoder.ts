import type { DetectedFace, Point } from '../types.js';
import type { AnchorDecodeOptions } from './scrfd.decoder.js';

/** YuNet output buffers per stride (a leading batch dim of 1 is fine). */
export interface YunetLevel {
  stride: number;
  /** `[N,1]` class score. */
  cls: Float32Array;
  /** `[N,1]` objectness. */
  obj: Float32Array;
  /** `[N,4]`: centre offset (cells) and log size (strides). */
  bbox: Float32Array;
  /** `[N,10]`: 5 landmark offsets in cells. */
  kps: Float32Array;
}

const clip01 = (value: number): number => Math.min(1, Math.max(0, value));

/**
 * Decodes YuNet (opencv_zoo `face_detection_yunet_*.onnx`) into faces in model-input coordinates.
 * One anchor per cell; score = sqrt(cls · obj); cx = (col + b0)·s, w = exp(b2)·s; landmark = (col + k)·s.
 */
export function decodeYunet(levels: readonly YunetLevel[], options: AnchorDecodeOptions): DetectedFace[] {
  const faces: DetectedFace[] = [];
  for (const { stride, cls, obj, bbox, kps } of levels) {
    const columns = Math.ceil(options.inputWidth / stride);
    for (let i = 0; i < cls.length; i++) {
      const score = Math.sqrt(clip01(cls[i] as number) * clip01(obj[i] as number));
      if (score < options.scoreThreshold) continue;
      const col = i % columns;
      const row = Math.floor(i / columns);
      const cx = (col + (bbox[i * 4] as number)) * stride;
      const cy = (row + (bbox[i * 4 + 1] as number)) * stride;
      const halfWidth = (Math.exp(bbox[i * 4 + 2] as number) * stride) / 2;
      const halfHeight = (Math.exp(bbox[i * 4 + 3] as number) * stride) / 2;
      const landmarks: Point[] = [];
      for (let k = 0; k < 5; k++) {
        landmarks.push([
          (col + (kps[i * 10 + 2 * k] as number)) * stride,
          (row + (kps[i * 10 + 2 * k + 1] as number)) * stride,
        ]);
      }
      faces.push({
        box: [cx - halfWidth, cy - halfHeight, cx + halfWidth, cy + halfHeight],
        score,
        landmarks,
      });
    }
  }
  return faces;
}
