import type { CameraLiveStatus } from '@attendance/protocol';
import { FrameRateMeter } from './frame-rate-meter.js';

/** One camera's room: who publishes it right now and what has passed through it. */
export class CameraRoom {
  /** Identifies the current publisher on THIS instance; a replaced publisher's token no longer matches. */
  publisherToken: symbol | null = null;
  onReplaced: (() => void) | null = null;
  /** When another server instance last said it has this camera's publisher (relay bridge); null: it does not. */
  remoteSeenAt: number | null = null;
  frames = 0;
  dropped = 0;
  private lastFrameAt: number | null = null;
  private readonly meter: FrameRateMeter;

  constructor(
    readonly cameraId: string,
    fpsWindowMs: number,
  ) {
    this.meter = new FrameRateMeter(fpsWindowMs);
  }

  /** Published to this instance. */
  get online(): boolean {
    return this.publisherToken !== null;
  }

  /** Published to this instance, or to another one that reported it within `remoteTtlMs`. */
  isOnline(nowMs: number, remoteTtlMs: number): boolean {
    return this.online || (this.remoteSeenAt !== null && nowMs - this.remoteSeenAt < remoteTtlMs);
  }

  recordFrame(nowMs: number): void {
    this.frames++;
    this.lastFrameAt = nowMs;
    this.meter.record(nowMs);
  }

  status(viewers: number, nowMs: number, remoteTtlMs: number): CameraLiveStatus {
    return {
      camera_id: this.cameraId,
      online: this.isOnline(nowMs, remoteTtlMs),
      fps: Math.round(this.meter.fps(nowMs) * 10) / 10,
      frames: this.frames,
      dropped: this.dropped,
      viewers,
      last_frame_at: this.lastFrameAt === null ? null : new Date(this.lastFrameAt).toISOString(),
    };
  }
}
