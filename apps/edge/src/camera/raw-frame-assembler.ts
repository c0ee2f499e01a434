import type { FrameBuffers } from '@attendance/vision';

/**
 * Cuts a byte stream of raw rgb24 frames into whole frames. Chunks from a pipe have arbitrary sizes; each
 * emitted frame is a buffer of its own, of exactly `width × height × 3` bytes: one of `buffers` while one
 * is free (a detector's own, which it reads without a copy), else a new one. Whoever takes a frame gives
 * it back with {@link release} once nothing reads it any more.
 */
export class RawFrameAssembler {
  private readonly frameBytes: number;
  private readonly buffers: FrameBuffers | undefined;
  private current: Uint8Array;
  private filled = 0;
  private closed = false;

  constructor(
    readonly width: number,
    readonly height: number,
    buffers?: FrameBuffers,
  ) {
    this.frameBytes = width * height * 3;
    this.buffers = buffers?.width === width && buffers.height === height ? buffers : undefined;
    this.current = this.fresh();
  }

  /** Adds a chunk; returns the frames it completed (usually zero or one; none once closed). */
  push(chunk: Uint8Array): Uint8Array[] {
    const frames: Uint8Array[] = [];
    let offset = 0;
    while (!this.closed && offset < chunk.length) {
      const take = Math.min(this.frameBytes - this.filled, chunk.length - offset);
      this.current.set(chunk.subarray(offset, offset + take), this.filled);
      this.filled += take;
      offset += take;
      if (this.filled === this.frameBytes) {
        frames.push(this.current);
        this.current = this.fresh();
        this.filled = 0;
      }
    }
    return frames;
  }

  /** Gives a frame's buffer back (a no-op for one that is not from the pool). */
  release(frame: Uint8Array): void {
    this.buffers?.release(frame);
  }

  /** Ends the stream: the frame being filled is dropped and later chunks are ignored. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.release(this.current);
  }

  /** Bytes of an incomplete trailing frame (non-zero at end of stream means a truncated frame). */
  get pendingBytes(): number {
    return this.filled;
  }

  private fresh(): Uint8Array {
    return this.buffers?.acquire() ?? new Uint8Array(this.frameBytes);
  }
}
