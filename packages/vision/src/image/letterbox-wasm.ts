import type { RgbImage } from '../types.js';
import type { LetterboxTarget, LetterboxWriter } from './letterbox-js.js';
import { align16, type WasmKernels } from '../wasm/kernels.js';
import type { ChannelAffine } from '@attendance/models';

/** The kernels read up to 15 bytes past the last pixel. */
const SOURCE_SLACK = 16;
/** Bytes of the resize kernel's blended row for a frame `width` pixels wide (3 · width + 32 16-bit values). */
const rowBytes = (width: number) => align16(2 * (3 * width + 32));
/** Bytes of the resize kernel's taps: per column a 16-byte weights vector and an offset, per row 12 bytes. */
const tapsBytes = (columns: number, rows: number) => align16(20 * columns + 12 * rows);
const AFFINE_BYTES = 48;

/**
 * The letterbox on the WebAssembly SIMD kernels (`wasm/letterbox.c`) into a caller's buffer: written in
 * kernel memory as a detector's input is ({@link WasmLetterboxInput}), then copied out. Same results as
 * {@link jsLetterbox} within half a grey level (fixed-point resize; tested on photos and random sizes).
 */
export class WasmLetterbox implements LetterboxWriter {
  readonly name = 'wasm-simd';

  constructor(private readonly kernels: WasmKernels) {}

  write(image: RgbImage, target: LetterboxTarget, affine: ChannelAffine): void {
    target.data.set(
      new WasmLetterboxInput(this.kernels, target.width, target.height).write(image, target, affine),
    );
  }
}

/**
 * A detector's input tensor in a private kernel memory (`privateDetectorKernels()`): the kernel writes the
 * whole letterbox straight into it, with no strip copies, and the tensor handed to ONNX Runtime is a view
 * of that memory. Bottom padding is written only when the frame geometry changes. The view is valid until
 * the next {@link write}: its owner must not write again while a run still reads it.
 */
export class WasmLetterboxInput {
  /** Layout: affine | column taps | tensor (fixed) | source frame | blended row (grow with the frame). */
  readonly #tapsPtr: number;
  readonly #tensorPtr: number;
  readonly #sourcePtr: number;
  #view: Float32Array | undefined;
  #paddedFor = '';
  /** The resize geometry whose taps the kernel memory holds: a camera's frames reuse them. */
  #tapsFor = '';

  constructor(
    private readonly kernels: WasmKernels,
    readonly width: number,
    readonly height: number,
  ) {
    this.#tapsPtr = kernels.heapBase + AFFINE_BYTES;
    this.#tensorPtr = this.#tapsPtr + tapsBytes(width, height);
    this.#sourcePtr = this.#tensorPtr + 4 * 3 * width * height;
  }

  /** Letterboxes `image` into the tensor (`scaledWidth ≤ width`, `scaledHeight ≤ height`); returns its view. */
  write(
    image: RgbImage,
    { scaledWidth, scaledHeight }: Pick<LetterboxTarget, 'scaledWidth' | 'scaledHeight'>,
    affine: ChannelAffine,
  ): Float32Array {
    const { width, height } = this;
    const planeSize = width * height;
    const affinePtr = this.kernels.heapBase;
    const rowPtr = this.#sourcePtr + align16(image.data.length + SOURCE_SLACK);
    const buffer = this.kernels.reserve(rowPtr + rowBytes(image.width));
    writeAffine(buffer, affinePtr, affine);
    new Uint8Array(buffer, this.#sourcePtr, image.data.length).set(image.data);
    const kernel = this.kernels.exports;
    if (scaledWidth === image.width && scaledHeight === image.height) {
      kernel.letterbox_copy(
        this.#sourcePtr,
        image.width,
        scaledHeight,
        this.#tensorPtr,
        width,
        planeSize,
        affinePtr,
      );
    } else {
      const geometry = `${image.width}×${image.height}→${scaledWidth}×${scaledHeight}`;
      kernel.letterbox_resize(
        this.#sourcePtr,
        image.width,
        image.height,
        scaledWidth,
        scaledHeight,
        this.#tensorPtr,
        width,
        planeSize,
        affinePtr,
        this.#tapsPtr,
        rowPtr,
        geometry === this.#tapsFor ? 1 : 0,
      );
      this.#tapsFor = geometry;
    }
    // Growing the memory replaced its buffer (the old views are detached): view the new one.
    if (this.#view?.buffer !== buffer) this.#view = new Float32Array(buffer, this.#tensorPtr, 3 * planeSize);
    const padding = `${scaledHeight}|${affine.offset.join()}|${affine.plane.join()}`;
    if (padding !== this.#paddedFor) {
      fillBottomPadding({ data: this.#view, width, height, scaledHeight }, affine);
      this.#paddedFor = padding;
    }
    return this.#view;
  }
}

/** Black rows under the scaled image, in every plane. */
function fillBottomPadding(
  { data, width, height, scaledHeight }: Pick<LetterboxTarget, 'data' | 'width' | 'height' | 'scaledHeight'>,
  { plane, offset }: ChannelAffine,
): void {
  const planeSize = width * height;
  for (let c = 0; c < 3; c++) {
    const base = (plane[c] ?? 0) * planeSize;
    data.fill(offset[c] ?? 0, base + scaledHeight * width, base + planeSize);
  }
}

function writeAffine(buffer: ArrayBuffer, at: number, { scale, offset, plane }: ChannelAffine): void {
  new Float32Array(buffer, at, 8).set([...scale, 0, ...offset, 0]);
  new Int32Array(buffer, at + 32, 4).set([...plane, 0]);
}
