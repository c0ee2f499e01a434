import { candidatesAbove } from './anchor-select.js';
import { emptyCandidates, type FaceCandidates } from './face-candidates.js';

export interface AnchorDecodeOptions {
  /** Model input width and height in pixels (the letterboxed tensor's W and H). */
  inputWidth: number;
  inputHeight: number;
  scoreThreshold: number;
}

/**
 * Decodes SCRFD outputs (InsightFace `det_*.onnx`) into face candidates in model-input coordinates.
 *
 * `outputs` are the raw output buffers in the session's output order: scores per stride (`[N,1]`), then
 * boxes (`[N,4]`, distances left/top/right/bottom in strides), then landmarks (`[N,10]`), for strides
 * 8/16/32 (or 8…128 for 5-level exports); a leading batch dim of 1 is fine. Anchors per cell are derived
 * from N, so 1- and 2-anchor exports both decode. Anchor centre = (col·stride, row·stride).
 */
export function decodeScrfd(outputs: readonly Float32Array[], options: AnchorDecodeOptions): FaceCandidates {
  const levels = outputs.length % 3 === 0 ? outputs.length / 3 : 0;
  if (levels !== 3 && levels !== 5) {
    throw new Error(
      `SCRFD export with ${outputs.length} outputs is not supported (need 9 or 15, with landmarks)`,
    );
  }
  const found = emptyCandidates();
  for (let level = 0; level < levels; level++) {
    const stride = 8 << level;
    const scores = outputs[level] as Float32Array;
    const boxes = outputs[level + levels] as Float32Array;
    const points = outputs[level + 2 * levels] as Float32Array;
    const columns = Math.ceil(options.inputWidth / stride);
    const cells = columns * Math.ceil(options.inputHeight / stride);
    const anchorsPerCell = Math.max(1, Math.round(scores.length / cells));
    const candidates = candidatesAbove(scores, options.scoreThreshold);
    for (let c = 0; c < candidates.length; c++) {
      const i = candidates[c] as number;
      const score = scores[i] as number;
      if (score < options.scoreThreshold) continue;
      const cell = Math.floor(i / anchorsPerCell);
      const cx = (cell % columns) * stride;
      const cy = Math.floor(cell / columns) * stride;
      const b = i * 4;
      found.scores.push(score);
      found.boxes.push(
        cx - (boxes[b] as number) * stride,
        cy - (boxes[b + 1] as number) * stride,
        cx + (boxes[b + 2] as number) * stride,
        cy + (boxes[b + 3] as number) * stride,
      );
      for (let k = i * 10; k < i * 10 + 10; k += 2) {
        found.landmarks.push(cx + (points[k] as number) * stride, cy + (points[k + 1] as number) * stride);
      }
    }
  }
  return found;
}
