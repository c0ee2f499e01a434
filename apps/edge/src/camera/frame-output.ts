import { attachFrameOverlay, type FrameOverlay } from '@attendance/protocol';
import { encodeJpeg } from '@attendance/vision/node';
import type { LivePublisher } from '../live/live-publisher.js';
import type { MjpegPreviewServer } from '../live/mjpeg-preview.server.js';
import { annotateFrame, type FaceOverlay, type OverlayColor } from '../render/frame-annotator.js';
import type { RgbFrame } from '../render/rgb-raster.js';

export interface FrameOutputs {
  readonly live: LivePublisher | null;
  readonly preview: MjpegPreviewServer | null;
  readonly jpegQuality: number;
}

export interface Overlay {
  faces: FaceOverlay[];
  banners: { text: string; color: OverlayColor | 'white' }[];
}

/** The camera's name, and the offline queue and the server's last refusal when there are any. */
export function statusBanners(
  cameraId: string,
  queued: number,
  lastError: string | null,
): Overlay['banners'] {
  const banners: Overlay['banners'] = [{ text: cameraId, color: 'white' }];
  if (queued > 0) banners.push({ text: `SERVER OFFLINE - ${queued} QUEUED`, color: 'white' });
  if (lastError !== null) banners.push({ text: `LAST ERROR: ${lastError}`.slice(0, 80), color: 'white' });
  return banners;
}

/**
 * The relay gets the clean frame with boxes and labels beside it as data (the dashboard draws them in any
 * script); the local preview gets them burnt in with the bitmap font.
 */
export async function publishFrame(
  frame: RgbFrame,
  overlay: Overlay,
  outputs: FrameOutputs,
  now: number,
): Promise<void> {
  if (outputs.live?.wantsFrame(now)) {
    const jpeg = await encodeJpeg(frame, outputs.jpegQuality);
    outputs.live.publish(attachFrameOverlay(jpeg, toFrameOverlay(frame, overlay)), now);
  }
  if (outputs.preview?.hasViewers) {
    annotateFrame(frame, overlay.faces, overlay.banners);
    outputs.preview.push(await encodeJpeg(frame, outputs.jpegQuality));
  }
}

function toFrameOverlay(frame: RgbFrame, overlay: Overlay): FrameOverlay {
  return {
    v: 1,
    width: frame.width,
    height: frame.height,
    faces: overlay.faces.slice(0, 64).map((face) => ({
      box: [...face.box],
      color: face.color,
      label: face.label.slice(0, 160),
    })),
    banners: overlay.banners.slice(0, 8).map((banner) => banner.text.slice(0, 160)),
  };
}
