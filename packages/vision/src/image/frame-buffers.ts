/**
 * Reusable buffers for RGB frames of one size, which a frame source (a camera) fills and hands on. A
 * detector's own buffers ({@link FaceDetector.frameBuffers}) live in its kernel memory, where its letterbox
 * reads a frame in place instead of copying it in first. A source that finds none free allocates a buffer
 * of its own, so the pool never limits how many frames are in flight, and forgetting a release only costs
 * that copy.
 */
export interface FrameBuffers {
  readonly width: number;
  readonly height: number;
  /** A free buffer of `width · height · 3` bytes (its contents are stale), or `undefined` if none is free. */
  acquire(): Uint8Array | undefined;
  /** Gives a buffer back once nothing reads its frame any more; a buffer not from this pool is ignored. */
  release(buffer: Uint8Array): void;
}

/** {@link FrameBuffers} over a fixed set of buffers. */
export class FramePool implements FrameBuffers {
  readonly #own: ReadonlySet<Uint8Array>;
  readonly #free: Uint8Array[];

  constructor(
    readonly width: number,
    readonly height: number,
    buffers: readonly Uint8Array[],
  ) {
    const bytes = width * height * 3;
    if (buffers.some((buffer) => buffer.length !== bytes)) {
      throw new Error(`frame buffers for ${width}×${height} must hold ${bytes} bytes each`);
    }
    this.#own = new Set(buffers);
    this.#free = [...buffers].reverse();
  }

  acquire(): Uint8Array | undefined {
    return this.#free.pop();
  }

  release(buffer: Uint8Array): void {
    if (this.#own.has(buffer) && !this.#free.includes(buffer)) this.#free.push(buffer);
  }
}

/** `count` buffers on the JS heap: what a detector without WebAssembly kernels gives out. */
export function heapFramePool(width: number, height: number, count: number): FramePool {
  return new FramePool(
    width,
    height,
    Array.from({ length: count }, () => new Uint8Array(width * height * 3)),
  );
}
