import { candidatesWithProductAbove, clip01 } from './anchor-select.js';
import { emptyCandidates, type FaceCandidates } from './face-candidates.js';
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

/**
 * Decodes YuNet (opencv_zoo `face_detection_yunet_*.onnx`) into face candidates in model-input coordinates.
 * One anchor per cell; score = sqrt(cls · obj); cx = (col + b0)·s, w = exp(b2)·s; landmark = (col + k)·s.
 */
export function decodeYunet(levels: readonly YunetLevel[], options: AnchorDecodeOptions): FaceCandidates {
  const found = emptyCandidates();
  // Candidates by the product alone (no sqrt per anchor); the margin keeps the exact sqrt test authoritative.
  const productBound = options.scoreThreshold * options.scoreThreshold * (1 - 1e-9);
  for (const { stride, cls, obj, bbox, kps } of levels) {
    const columns = Math.ceil(options.inputWidth / stride);
    const candidates = candidatesWithProductAbove(cls, obj, productBound);
    for (let c = 0; c < candidates.length; c++) {
      const i = candidates[c] as number;
      const score = Math.sqrt(clip01(cls[i] as number) * clip01(obj[i] as number));
      if (score < options.scoreThreshold) continue;
      const col = i % columns;
      const row = Math.floor(i / columns);
      const cx = (col + (bbox[i * 4] as number)) * stride;
      const cy = (row + (bbox[i * 4 + 1] as number)) * stride;
      const halfWidth = (Math.exp(bbox[i * 4 + 2] as number) * stride) / 2;
      const halfHeight = (Math.exp(bbox[i * 4 + 3] as number) * stride) / 2;
      found.scores.push(score);
      found.boxes.push(cx - halfWidth, cy - halfHeight, cx + halfWidth, cy + halfHeight);
      for (let k = i * 10; k < i * 10 + 10; k += 2) {
        found.landmarks.push((col + (kps[k] as number)) * stride, (row + (kps[k + 1] as number)) * stride);
      }
    }
  }
  return found;
}
