import type { TensorF32 } from '../runtime/inference-runtime.js';
import type { RgbImage } from '../types.js';
import { jsLetterbox, type LetterboxWriter } from './letterbox-js.js';
import { privateDetectorKernels, wasmKernels } from '../wasm/kernels.js';
import { WasmLetterbox, WasmLetterboxInput } from './letterbox-wasm.js';
import { toChannelAffine, type PixelNormalization } from '@attendance/models';

export interface LetterboxResult {
  /** `[1, 3, height, width]`, normalised as the model wants. */
  tensor: TensorF32;
  /** Model pixels per frame pixel; divide model coordinates by it to get frame coordinates. */
  scale: number;
}

let selected: LetterboxWriter | undefined;

/** The WebAssembly SIMD letterbox, or the JS reference where the kernels cannot load (chosen once). */
function writer(): LetterboxWriter {
  if (!selected) {
    const kernels = wasmKernels();
    selected = kernels ? new WasmLetterbox(kernels) : jsLetterbox;
  }
  return selected;
}

/**
 * Scales the frame to fit `width × height` keeping its aspect ratio (bilinear, pixel-centre aligned like
 * OpenCV's `INTER_LINEAR`), pads bottom/right with black and writes a normalised NCHW tensor in one pass,
 * on the WebAssembly SIMD kernel where it loads (see `kernelBackend()`), else on the JS reference.
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
  return letterboxWith(writer(), image, width, height, pixel, out);
}

/** {@link letterbox} on the JavaScript reference implementation, whatever the backend (tests, benchmark). */
export function letterboxReference(
  image: RgbImage,
  width: number,
  height: number,
  pixel: PixelNormalization,
  out?: Float32Array,
): LetterboxResult {
  return letterboxWith(jsLetterbox, image, width, height, pixel, out);
}

/**
 * A model input of `width × height` that letterboxes frame after frame into the same tensor: on the
 * WebAssembly kernels it lives in kernel memory, written in place (no copies, padding only when the
 * geometry changes); elsewhere it is a reused JS buffer. Each {@link LetterboxInput.write} overwrites the
 * previous tensor, so its owner writes again only once the previous run has finished with it.
 */
export interface LetterboxInput {
  write(image: RgbImage, pixel: PixelNormalization): LetterboxResult;
}

export function createLetterboxInput(width: number, height: number): LetterboxInput {
  const kernels = privateDetectorKernels();
  if (!kernels) {
    const buffer = new Float32Array(3 * width * height);
    return { write: (image, pixel) => letterboxWith(jsLetterbox, image, width, height, pixel, buffer) };
  }
  const input = new WasmLetterboxInput(kernels, width, height);
  return {
    write(image, pixel) {
      const { scale, scaledWidth, scaledHeight } = fitInside(image, width, height);
      const data = input.write(image, { scaledWidth, scaledHeight }, toChannelAffine(pixel));
      return { tensor: { data, dims: [1, 3, height, width] }, scale };
    },
  };
}

/** The frame's scale and scaled size inside `width × height`, aspect ratio kept. */
function fitInside(image: RgbImage, width: number, height: number) {
  const scale = Math.min(width / image.width, height / image.height);
  return {
    scale,
    scaledWidth: Math.min(width, Math.round(image.width * scale)),
    scaledHeight: Math.min(height, Math.round(image.height * scale)),
  };
}

function letterboxWith(
  implementation: LetterboxWriter,
  image: RgbImage,
  width: number,
  height: number,
  pixel: PixelNormalization,
  out?: Float32Array,
): LetterboxResult {
  const { scale, scaledWidth, scaledHeight } = fitInside(image, width, height);
  const data = out?.length === 3 * width * height ? out : new Float32Array(3 * width * height);
  implementation.write(image, { data, width, height, scaledWidth, scaledHeight }, toChannelAffine(pixel));
  return { tensor: { data, dims: [1, 3, height, width] }, scale };
}
