import type { RgbImage } from '../types.js';
import { align16, type AlignExports, type WasmKernels } from '../wasm/kernels.js';
import type { Affine2x3 } from './similarity-transform.js';

/** The kernel reads 8 bytes from a pixel onwards, so up to 8 bytes past the last one. */
const SOURCE_SLACK = 16;
/** The kernel stores 4 bytes per pixel, the last one past the end. */
const OUTPUT_SLACK = 4;
const INVERSE_BYTES = 48;

/**
 * The frame region a warp to `width × height` can read, in frame pixels: the bounding box of the output
 * rectangle's corners mapped back, one pixel wider on each side than the taps need, clipped to the frame.
 */
function sourceRegion(inverse: Affine2x3, image: RgbImage, width: number, height: number) {
  const [a, b, c, d, e, f] = inverse;
  const xs = [c, a * (width - 1) + c, b * (height - 1) + c, a * (width - 1) + b * (height - 1) + c];
  const ys = [f, d * (width - 1) + f, e * (height - 1) + f, d * (width - 1) + e * (height - 1) + f];
  const clip = (value: number, size: number) => Math.min(size - 1, Math.max(0, value));
  const x = clip(Math.floor(Math.min(...xs)) - 1, image.width);
  const y = clip(Math.floor(Math.min(...ys)) - 1, image.height);
  const right = clip(Math.floor(Math.max(...xs)) + 2, image.width);
  const bottom = clip(Math.floor(Math.max(...ys)) + 2, image.height);
  return { x, y, width: right - x + 1, height: bottom - y + 1 };
}

/**
 * {@link warpAffineReference} on the WebAssembly SIMD kernel (`wasm/warp.c`): copies only the region of the
 * frame the face can read into the kernel's memory. Equal to the reference but for a rare one-level
 * rounding difference (float32 blending; tested).
 */
export function warpAffineWasm(
  kernels: WasmKernels<AlignExports>,
  image: RgbImage,
  inverse: Affine2x3,
  width: number,
  height: number,
): RgbImage {
  const region = sourceRegion(inverse, image, width, height);
  const rowBytes = region.width * 3;
  // Layout: inverse transform | source region | output.
  const inversePtr = kernels.heapBase;
  const regionPtr = inversePtr + INVERSE_BYTES;
  const outPtr = regionPtr + align16(rowBytes * region.height + SOURCE_SLACK);
  const outBytes = width * height * 3;
  const buffer = kernels.reserve(outPtr + outBytes + OUTPUT_SLACK);

  new Float64Array(buffer, inversePtr, 6).set(inverse);
  const memory = new Uint8Array(buffer);
  const stride = image.width * 3;
  for (let row = 0; row < region.height; row++) {
    const start = (region.y + row) * stride + region.x * 3;
    memory.set(image.data.subarray(start, start + rowBytes), regionPtr + row * rowBytes);
  }
  kernels.exports.warp_affine(
    regionPtr,
    region.x,
    region.y,
    region.width,
    image.width,
    image.height,
    outPtr,
    width,
    height,
    inversePtr,
  );
  return { width, height, data: memory.slice(outPtr, outPtr + outBytes) };
}
