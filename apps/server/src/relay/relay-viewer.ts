import type { FrameSink, ViewerFilter } from './frame-sink.js';

export interface ViewerLimits {
  /** Frames handed to the socket whose write has not completed yet; more wait in the one-slot mailbox. */
  maxFramesInFlight: number;
  /** A viewer whose socket holds more than this (e.g. piled-up events) is disconnected as too slow. */
  maxBufferedBytes: number;
}

/**
 * One viewer with a one-slot mailbox per camera: while its socket is busy, a newer frame of a camera replaces
 * the waiting one (latest frame wins), so a slow or stalled viewer costs at most
 * `maxFramesInFlight + cameras` frames of memory and never slows the publisher or other viewers.
 */
export class RelayViewer {
  private framesInFlight = 0;
  private readonly mailbox = new Map<string, Uint8Array>();
  private closed = false;
  framesSent = 0;
  framesDropped = 0;

  constructor(
    readonly sink: FrameSink,
    readonly filter: ViewerFilter,
    private readonly limits: ViewerLimits,
    /** Called with the camera id each time a waiting frame is replaced by a newer one. */
    private readonly onDrop: (cameraId: string) => void,
  ) {}

  get isClosed(): boolean {
    return this.closed;
  }

  get bufferedAmount(): number {
    return this.sink.bufferedAmount;
  }

  offerFrame(cameraId: string, frame: Uint8Array): void {
    if (this.closed) return;
    if (this.framesInFlight < this.limits.maxFramesInFlight) {
      this.sendFrame(frame);
      return;
    }
    if (this.mailbox.has(cameraId)) {
      this.framesDropped++;
      this.onDrop(cameraId);
    }
    this.mailbox.set(cameraId, frame);
  }

  /** Text messages (events, status) are small and rare: sent directly, unless the socket is hopelessly behind. */
  sendText(text: string): void {
    if (this.closed) return;
    if (this.sink.bufferedAmount > this.limits.maxBufferedBytes) {
      this.close(1013, 'viewer too slow');
      return;
    }
    this.sink.send(text, () => undefined);
  }

  close(code: number, reason: string): void {
    if (this.closed) return;
    this.closed = true;
    this.mailbox.clear();
    this.sink.close(code, reason);
  }

  /** Forget queued frames after the socket went away (no close frame to send). */
  detach(): void {
    this.closed = true;
    this.mailbox.clear();
  }

  private sendFrame(frame: Uint8Array): void {
    this.framesInFlight++;
    this.sink.send(frame, (error) => {
      this.framesInFlight--;
      if (error) {
        this.detach();
        return;
      }
      this.framesSent++;
      this.flushMailbox();
    });
  }

  private flushMailbox(): void {
    if (this.closed) return;
    while (this.framesInFlight < this.limits.maxFramesInFlight && this.mailbox.size > 0) {
      const next = this.mailbox.entries().next();
      if (next.done) return;
      const [cameraId, frame] = next.value;
      this.mailbox.delete(cameraId);
      this.sendFrame(frame);
    }
  }
}
