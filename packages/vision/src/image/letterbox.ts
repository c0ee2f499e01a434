import type { TensorF32 } from '../runtime/inference-runtime.js';
import type { RgbImage } from '../types.js';
import { toChannelAffine, type ChannelAffine, type PixelNormalization } from './pixel-normalization.js';

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
  /** Optional reusable output buffer of `3 · width · height` floats (saves a large allocation per frame). */
  out?: Float32Array,
): LetterboxResult {
  const scale = Math.min(width / image.width, height / image.height);
  const scaledWidth = Math.min(width, Math.round(image.width * scale));
  const scaledHeight = Math.min(height, Math.round(image.height * scale));
  const data = out?.length === 3 * width * height ? out : new Float32Array(3 * width * height);
  const { plane, scale: mul, offset } = toChannelAffine(pixel);
  const planeSize = width * height;
  for (let c = 0; c < 3; c++) {
    // Only the padding: the scaled image overwrites the rest.
    const base = (plane[c] ?? 0) * planeSize;
    const black = offset[c] ?? 0;
    if (scaledWidth < width) {
      for (let y = 0; y < scaledHeight; y++) {
        data.fill(black, base + y * width + scaledWidth, base + (y + 1) * width);
      }
    }
    data.fill(black, base + scaledHeight * width, base + planeSize);
  }

  if (scaledWidth === image.width && scaledHeight === image.height) {
    copyNormalised(image, width, data, toChannelAffine(pixel));
    return { tensor: { data, dims: [1, 3, height, width] }, scale };
  }
  const { left, right, weight } = horizontalTaps(image.width, scaledWidth);
  const src = image.data;
  const rowStride = image.width * 3;
  const ratioY = image.height / scaledHeight;
  const m0 = mul[0] ?? 1;
  const m1 = mul[1] ?? 1;
  const m2 = mul[2] ?? 1;
  const o0 = offset[0] ?? 0;
  const o1 = offset[1] ?? 0;
  const o2 = offset[2] ?? 0;
  const p0 = (plane[0] ?? 0) * planeSize;
  const p1 = (plane[1] ?? 1) * planeSize;
  const p2 = (plane[2] ?? 2) * planeSize;
  for (let y = 0; y < scaledHeight; y++) {
    const sy = Math.max(0, (y + 0.5) * ratioY - 0.5);
    const top = Math.min(Math.floor(sy), image.height - 1);
    const wy = sy - top;
    const rowTop = top * rowStride;
    const rowBottom = Math.min(top + 1, image.height - 1) * rowStride;
    // Vertical weights folded into the normalisation: value · m + o = (top·(1−wy) + bottom·wy) · m + o.
    const t0 = (1 - wy) * m0,
      b0 = wy * m0,
      t1 = (1 - wy) * m1,
      b1 = wy * m1,
      t2 = (1 - wy) * m2,
      b2 = wy * m2;
    let out = y * width;
    for (let x = 0; x < scaledWidth; x++, out++) {
      const l = left[x] as number;
      const r = right[x] as number;
      const w = weight[x] as number;
      const a = rowTop + l,
        b = rowTop + r,
        c = rowBottom + l,
        d = rowBottom + r;
      let s0 = src[a] as number,
        s1 = src[c] as number;
      data[p0 + out] =
        (s0 + ((src[b] as number) - s0) * w) * t0 + (s1 + ((src[d] as number) - s1) * w) * b0 + o0;
      s0 = src[a + 1] as number;
      s1 = src[c + 1] as number;
      data[p1 + out] =
        (s0 + ((src[b + 1] as number) - s0) * w) * t1 + (s1 + ((src[d + 1] as number) - s1) * w) * b1 + o1;
      s0 = src[a + 2] as number;
      s1 = src[c + 2] as number;
      data[p2 + out] =
        (s0 + ((src[b + 2] as number) - s0) * w) * t2 + (s1 + ((src[d + 2] as number) - s1) * w) * b2 + o2;
    }
  }
  return { tensor: { data, dims: [1, 3, height, width] }, scale };
}

interface HorizontalTaps {
  /** Byte offset within a row of the left and right source pixels, and the right pixel's weight. */
  left: Int32Array;
  right: Int32Array;
  weight: Float32Array;
}

/** Source columns and weights for resampling `sourceWidth` to `targetWidth` (pixel-centre aligned). */
function horizontalTaps(sourceWidth: number, targetWidth: number): HorizontalTaps {
  const taps = {
    left: new Int32Array(targetWidth),
    right: new Int32Array(targetWidth),
    weight: new Float32Array(targetWidth),
  };
  const ratio = sourceWidth / targetWidth;
  for (let x = 0; x < targetWidth; x++) {
    const sx = Math.max(0, (x + 0.5) * ratio - 0.5);
    const left = Math.min(Math.floor(sx), sourceWidth - 1);
    taps.left[x] = left * 3;
    taps.right[x] = Math.min(left + 1, sourceWidth - 1) * 3;
    taps.weight[x] = sx - left;
  }
  return taps;
}

/** Scale 1 (e.g. a 640×480 camera frame at input size 640): no interpolation, just normalise into the planes. */
function copyNormalised(image: RgbImage, width: number, data: Float32Array, affine: ChannelAffine): void {
  const planeSize = data.length / 3;
  const src = image.data;
  const [m0, m1, m2] = affine.scale;
  const [o0, o1, o2] = affine.offset;
  const p0 = affine.plane[0] * planeSize;
  const p1 = affine.plane[1] * planeSize;
  const p2 = affine.plane[2] * planeSize;
  for (let y = 0, s = 0; y < image.height; y++) {
    for (let out = y * width, end = out + image.width; out < end; out++, s += 3) {
      data[p0 + out] = (src[s] as number) * m0 + o0;
      data[p1 + out] = (src[s + 1] as number) * m1 + o1;
      data[p2 + out] = (src[s + 2] as number) * m2 + o2;
    }
  }
}
