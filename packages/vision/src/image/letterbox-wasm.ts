import type { RgbImage } from '../types.js';
import type { LetterboxTarget, LetterboxWriter } from './letterbox-js.js';
import { align16, type WasmKernels } from '../wasm/kernels.js';
import type { ChannelAffine } from './pixel-normalization.js';
import { FramePool, heapFramePool } from './frame-buffers.js';

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
    // A fresh input has no frame buffers, so it grows to take any frame and always writes.
    const tensor = new WasmLetterboxInput(this.kernels, target.width, target.height).write(
      image,
      target,
      affine,
    );
    if (tensor) target.data.set(tensor);
  }
}

/** Where the kernel memory's frame buffers are, once a detector has given them out. */
interface FrameSlots {
  readonly pool: FramePool;
  /** Byte offsets of the buffers. */
  readonly offsets: ReadonlySet<number>;
  /** The blended row's place and the frame size it was laid out for: a copied-in frame must fit both. */
  readonly rowPtr: number;
  readonly sourceCapacity: number;
  readonly rowWidth: number;
}

/**
 * A detector's input tensor in a private kernel memory (`privateDetectorKernels()`): the kernel writes the
 * whole letterbox straight into it, with no strip copies, and the tensor handed to ONNX Runtime is a view
 * of that memory. Bottom padding is written only when the frame geometry changes. The view is valid until
 * the next {@link write}: its owner must not write again while a run still reads it.
 *
 * It can also give out frame buffers in the same memory ({@link frameBuffers}), which the kernel reads in
 * place. Their views must never be detached, so from then on the memory never grows: a frame on the JS
 * heap larger than the buffers' size is refused ({@link write} returns `undefined`).
 */
export class WasmLetterboxInput {
  /**
   * Layout: affine | column taps | tensor (fixed) | source frame | blended row (grow with the frame until
   * frame buffers are laid out after them; then fixed).
   */
  readonly #tapsPtr: number;
  readonly #tensorPtr: number;
  readonly #sourcePtr: number;
  #view: Float32Array | undefined;
  #slots: FrameSlots | undefined;
  /** The affine the kernel memory holds, and the padding written for it. */
  #affine: ChannelAffine | undefined;
  #paddedRows = -1;
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

  /**
   * `count` buffers for `width × height` frames in this memory, laid out once: later calls for the same
   * size get the same pool, other sizes a pool on the JS heap.
   */
  frameBuffers(width: number, height: number, count: number): FramePool {
    if (this.#slots) {
      const { pool } = this.#slots;
      return pool.width === width && pool.height === height ? pool : heapFramePool(width, height, count);
    }
    const frameBytes = width * height * 3;
    const slotBytes = align16(frameBytes + SOURCE_SLACK);
    const rowPtr = this.#sourcePtr + slotBytes;
    const firstSlot = rowPtr + rowBytes(width);
    const buffer = this.kernels.reserve(firstSlot + count * slotBytes);
    const offsets = Array.from({ length: count }, (_, k) => firstSlot + k * slotBytes);
    const pool = new FramePool(
      width,
      height,
      offsets.map((offset) => new Uint8Array(buffer, offset, frameBytes)),
    );
    this.#slots = { pool, offsets: new Set(offsets), rowPtr, sourceCapacity: frameBytes, rowWidth: width };
    return pool;
  }

  /**
   * Letterboxes `image` into the tensor (`scaledWidth ≤ width`, `scaledHeight ≤ height`); returns its view,
   * or `undefined` for a heap frame larger than this memory's frame buffers.
   */
  write(
    image: RgbImage,
    { scaledWidth, scaledHeight }: Pick<LetterboxTarget, 'scaledWidth' | 'scaledHeight'>,
    affine: ChannelAffine,
  ): Float32Array | undefined {
    const { width, height } = this;
    const planeSize = width * height;
    const affinePtr = this.kernels.heapBase;
    const placed = this.#placed(image);
    let sourcePtr = this.#sourcePtr;
    let rowPtr: number;
    let buffer: ArrayBuffer;
    if (this.#slots) {
      const { rowPtr: fixedRow, sourceCapacity, rowWidth } = this.#slots;
      if (placed === undefined && (image.data.length > sourceCapacity || image.width > rowWidth)) {
        return undefined;
      }
      rowPtr = fixedRow;
      buffer = this.kernels.reserve(0);
    } else {
      rowPtr = this.#sourcePtr + align16(image.data.length + SOURCE_SLACK);
      buffer = this.kernels.reserve(rowPtr + rowBytes(image.width));
    }
    if (placed === undefined) new Uint8Array(buffer, sourcePtr, image.data.length).set(image.data);
    else sourcePtr = placed;
    // Growing the memory replaced its buffer (the old views are detached): view the new one.
    if (this.#view?.buffer !== buffer) {
      this.#view = new Float32Array(buffer, this.#tensorPtr, 3 * planeSize);
      this.#affine = undefined;
    }
    if (affine !== this.#affine) {
      writeAffine(buffer, affinePtr, affine);
      this.#affine = affine;
      this.#paddedRows = -1;
    }
    const kernel = this.kernels.exports;
    if (scaledWidth === image.width && scaledHeight === image.height) {
      kernel.letterbox_copy(
        sourcePtr,
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
        sourcePtr,
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
    if (scaledHeight !== this.#paddedRows) {
      fillBottomPadding({ data: this.#view, width, height, scaledHeight }, affine);
      this.#paddedRows = scaledHeight;
    }
    return this.#view;
  }

  /**
   * The byte offset of the frame's data when it is one of this memory's frame buffers and the frame has
   * their size (a frame claiming another shape of the same bytes would overrun the blended row).
   */
  #placed({ data, width, height }: RgbImage): number | undefined {
    const slots = this.#slots;
    return slots &&
      data.buffer === this.kernels.reserve(0) &&
      slots.offsets.has(data.byteOffset) &&
      data.length === slots.sourceCapacity &&
      width === slots.pool.width &&
      height === slots.pool.height
      ? data.byteOffset
      : undefined;
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
