/**
 * Cuts a byte stream of raw rgb24 frames into whole frames. Chunks from a pipe have arbitrary sizes;
 * each emitted frame is a fresh buffer of exactly `width × height × 3` bytes.
 */
export class RawFrameAssembler {
  private readonly frameBytes: number;
  private current: Uint8Array;
  private filled = 0;

  constructor(
    readonly width: number,
    readonly height: number,
  ) {
    this.frameBytes = width * height * 3;
    this.current = new Uint8Array(this.frameBytes);
  }

  /** Adds a chunk; returns the frames it completed (usually zero or one). */
  push(chunk: Uint8Array): Uint8Array[] {
    const frames: Uint8Array[] = [];
    let offset = 0;
    while (offset < chunk.length) {
      const take = Math.min(this.frameBytes - this.filled, chunk.length - offset);
      this.current.set(chunk.subarray(offset, offset + take), this.filled);
      this.filled += take;
      offset += take;
      if (this.filled === this.frameBytes) {
        frames.push(this.current);
        this.current = new Uint8Array(this.frameBytes);
        this.filled = 0;
      }
    }
    return frames;
  }

  /** Bytes of an incomplete trailing frame (non-zero at end of stream means a truncated frame). */
  get pendingBytes(): number {
    return this.filled;
  }
}
