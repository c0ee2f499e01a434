import type { RgbImage } from '../types.js';
import type { ChannelAffine } from '@attendance/models';

/** Where a letterbox writes: a `[1, 3, height, width]` tensor whose top-left `scaledWidth × scaledHeight` holds the image. */
export interface LetterboxTarget {
  data: Float32Array;
  width: number;
  height: number;
  scaledWidth: number;
  scaledHeight: number;
}

/** One letterbox implementation: scales (or copies) the image into the target and pads the rest with black. */
export interface LetterboxWriter {
  readonly name: 'wasm-simd' | 'js';
  write(image: RgbImage, target: LetterboxTarget, affine: ChannelAffine): void;
}

/**
 * The JavaScript letterbox: the reference the WebAssembly kernel is tested against, and the fallback where
 * WebAssembly SIMD is unavailable. Bilinear, pixel-centre aligned like OpenCV's `INTER_LINEAR`, fused with
 * the normalisation, in double precision.
 */
export const jsLetterbox: LetterboxWriter = {
  name: 'js',
  write(image, target, affine) {
    padJs(target, affine);
    if (target.scaledWidth === image.width && target.scaledHeight === image.height) {
      copyNormalised(image, target.width, target.data, affine);
    } else {
      resizeNormalised(image, target, affine);
    }
  },
};

/** Only the padding: the scaled image overwrites the rest. */
function padJs(target: LetterboxTarget, { plane, offset }: ChannelAffine): void {
  const { data, width, height, scaledWidth, scaledHeight } = target;
  const planeSize = width * height;
  for (let c = 0; c < 3; c++) {
    const base = (plane[c] ?? 0) * planeSize;
    const black = offset[c] ?? 0;
    if (scaledWidth < width) {
      for (let y = 0; y < scaledHeight; y++) {
        data.fill(black, base + y * width + scaledWidth, base + (y + 1) * width);
      }
    }
    data.fill(black, base + scaledHeight * width, base + planeSize);
  }
}

function resizeNormalised(image: RgbImage, target: LetterboxTarget, affine: ChannelAffine): void {
  const { data, width, height, scaledWidth, scaledHeight } = target;
  const planeSize = width * height;
  const { left, right, weight } = horizontalTaps(image.width, scaledWidth);
  const src = image.data;
  const rowStride = image.width * 3;
  const ratioY = image.height / scaledHeight;
  const [m0, m1, m2] = affine.scale;
  const [o0, o1, o2] = affine.offset;
  const p0 = affine.plane[0] * planeSize;
  const p1 = affine.plane[1] * planeSize;
  const p2 = affine.plane[2] * planeSize;
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
