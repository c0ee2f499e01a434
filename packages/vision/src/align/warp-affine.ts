import type { RgbImage } from '../types.js';
import { wasmAlignKernels } from '../wasm/kernels.js';
import { invertAffine, type Affine2x3 } from './similarity-transform.js';
import { warpAffineWasm } from './warp-affine-wasm.js';

/**
 * Warps `image` by `transform` (source → destination pixel coordinates) into a `width × height` RGB image,
 * bilinear, black outside the source (OpenCV `warpAffine` with a constant border), on the WebAssembly SIMD
 * kernel where it loads (see `kernelBackend()`), else on the JS reference.
 * @example warpAffine(frame, estimateSimilarity(landmarks, template), 112, 112) // → aligned 112×112 face
 */
export function warpAffine(image: RgbImage, transform: Affine2x3, width: number, height: number): RgbImage {
  const kernels = wasmAlignKernels();
  const inverse = invertAffine(transform);
  // A degenerate transform (e.g. coinciding landmarks) inverts to NaN or ±Infinity: the reference turns
  // that into black pixels, while the kernel's region arithmetic needs finite coordinates.
  return kernels && inverse.every(Number.isFinite)
    ? warpAffineWasm(kernels, image, inverse, width, height)
    : warpInverse(image, inverse, width, height);
}

/** {@link warpAffine} on the JavaScript reference implementation, whatever the backend (tests, benchmark). */
export function warpAffineReference(
  image: RgbImage,
  transform: Affine2x3,
  width: number,
  height: number,
): RgbImage {
  return warpInverse(image, invertAffine(transform), width, height);
}

/** The reference: `inverse` maps destination to source pixel coordinates. */
function warpInverse(image: RgbImage, inverse: Affine2x3, width: number, height: number): RgbImage {
  const [a, b, c, d, e, f] = inverse;
  const out = new Uint8Array(width * height * 3);
  const src = image.data;
  const maxX = image.width - 1;
  const maxY = image.height - 1;
  const stride = image.width * 3;
  let o = 0;
  for (let v = 0; v < height; v++) {
    for (let u = 0; u < width; u++, o += 3) {
      const x = a * u + b * v + c;
      const y = d * u + e * v + f;
      if (!(x > -1 && y > -1 && x < image.width && y < image.height)) continue;
      const x0 = Math.floor(x);
      const y0 = Math.floor(y);
      const fx = x - x0;
      const fy = y - y0;
      if (x0 >= 0 && y0 >= 0 && x0 < maxX && y0 < maxY) {
        // Interior (almost every pixel of an aligned face): all four neighbours exist, no per-tap tests.
        const w00 = (1 - fx) * (1 - fy);
        const w01 = fx * (1 - fy);
        const w10 = (1 - fx) * fy;
        const w11 = fx * fy;
        const i00 = y0 * stride + x0 * 3;
        const i10 = i00 + stride;
        for (let ch = 0; ch < 3; ch++) {
          out[o + ch] = Math.round(
            w00 * (src[i00 + ch] as number) +
              w01 * (src[i00 + 3 + ch] as number) +
              w10 * (src[i10 + ch] as number) +
              w11 * (src[i10 + 3 + ch] as number),
          );
        }
        continue;
      }
      // Neighbours outside the frame count as black, like OpenCV's BORDER_CONSTANT.
      const w00 = x0 >= 0 && y0 >= 0 ? (1 - fx) * (1 - fy) : 0;
      const w01 = x0 < maxX && y0 >= 0 ? fx * (1 - fy) : 0;
      const w10 = x0 >= 0 && y0 < maxY ? (1 - fx) * fy : 0;
      const w11 = x0 < maxX && y0 < maxY ? fx * fy : 0;
      const i00 = y0 * stride + x0 * 3;
      for (let ch = 0; ch < 3; ch++) {
        const value =
          (w00 ? w00 * (src[i00 + ch] as number) : 0) +
          (w01 ? w01 * (src[i00 + 3 + ch] as number) : 0) +
          (w10 ? w10 * (src[i00 + stride + ch] as number) : 0) +
          (w11 ? w11 * (src[i00 + stride + 3 + ch] as number) : 0);
        out[o + ch] = Math.round(value);
      }
    }
  }
  return { width, height, data: out };
}
