import type { TensorF32 } from '../runtime/inference-runtime.js';
import type { RgbImage } from '../types.js';
import { toChannelAffine, type PixelNormalization } from './pixel-normalization.js';

export interface LetterboxResult {
  /** `[1, 3, height, width]`, normalised as the model wants. */
  tensor: TensorF32;
  /** Model pixels per frame pixel; divide model coordinates by it to get frame coordinates. */
  scale: number;
}

/**
 * Scales the frame to fit `width × height` keeping its aspect ratio (bilinear, pixel-centre aligned like
 * OpenCV's `INTER_LINEAR`), pads bottom/right with black and writes a normalised NCHW tensor in one pass.
 * @example letterbox(frame, 640, 640, SCRFD_PIXELS) // → { tensor: [1,3,640,640], scale }
 */
export function letterbox(
  image: RgbImage,
  width: number,
  height: number,
  pixel: PixelNormalization,
): LetterboxResult {
  const scale = Math.min(width / image.width, height / image.height);
  const scaledWidth = Math.min(width, Math.round(image.width * scale));
  const scaledHeight = Math.min(height, Math.round(image.height * scale));
  const data = new Float32Array(3 * width * height);
  const { plane, scale: mul, offset } = toChannelAffine(pixel);
  const planeSize = width * height;
  for (let c = 0; c < 3; c++) {
    data.fill(offset[c] ?? 0, (plane[c] ?? 0) * planeSize, ((plane[c] ?? 0) + 1) * planeSize);
  }

  const x0 = new Int32Array(scaledWidth);
  const x1 = new Int32Array(scaledWidth);
  const wx = new Float32Array(scaledWidth);
  const ratioX = image.width / scaledWidth;
  for (let x = 0; x < scaledWidth; x++) {
    const sx = Math.max(0, (x + 0.5) * ratioX - 0.5);
    const left = Math.min(Math.floor(sx), image.width - 1);
    x0[x] = left * 3;
    x1[x] = Math.min(left + 1, image.width - 1) * 3;
    wx[x] = sx - left;
  }
  const src = image.data;
  const rowStride = image.width * 3;
  const ratioY = image.height / scaledHeight;
  const [m0, m1, m2] = [mul[0] ?? 1, mul[1] ?? 1, mul[2] ?? 1];
  const [o0, o1, o2] = [offset[0] ?? 0, offset[1] ?? 0, offset[2] ?? 0];
  const [p0, p1, p2] = [
    (plane[0] ?? 0) * planeSize,
    (plane[1] ?? 1) * planeSize,
    (plane[2] ?? 2) * planeSize,
  ];
  for (let y = 0; y < scaledHeight; y++) {
    const sy = Math.max(0, (y + 0.5) * ratioY - 0.5);
    const top = Math.min(Math.floor(sy), image.height - 1);
    const wy = sy - top;
    const rowTop = top * rowStride;
    const rowBottom = Math.min(top + 1, image.height - 1) * rowStride;
    const outRow = y * width;
    for (let x = 0; x < scaledWidth; x++) {
      const a = rowTop + (x0[x] as number);
      const b = rowTop + (x1[x] as number);
      const c = rowBottom + (x0[x] as number);
      const d = rowBottom + (x1[x] as number);
      const fx = wx[x] as number;
      const out = outRow + x;
      data[p0 + out] = lerp2(src, a, b, c, d, fx, wy) * m0 + o0;
      data[p1 + out] = lerp2(src, a + 1, b + 1, c + 1, d + 1, fx, wy) * m1 + o1;
      data[p2 + out] = lerp2(src, a + 2, b + 2, c + 2, d + 2, fx, wy) * m2 + o2;
    }
  }
  return { tensor: { data, dims: [1, 3, height, width] }, scale };
}

/** Bilinear blend of 4 samples: a (top-left), b (top-right), c (bottom-left), d (bottom-right). */
function lerp2(src: Uint8Array, a: number, b: number, c: number, d: number, fx: number, fy: number): number {
  const top = (src[a] as number) + ((src[b] as number) - (src[a] as number)) * fx;
  const bottom = (src[c] as number) + ((src[d] as number) - (src[c] as number)) * fx;
  return top + (bottom - top) * fy;
}
