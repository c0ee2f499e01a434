import { z } from 'zod';

/**
 * Boxes and labels of a live frame, sent as data beside the picture so the dashboard draws them with the
 * browser's fonts (any script), instead of pixels burnt in by the edge's bitmap font. They travel inside
 * the frame's own JPEG as a comment segment (`FF FE`) right after the start of the image: the relay, the
 * Redis bridge and the one-message-per-frame contract stay as they are, frames and their labels can never
 * be paired wrongly when the relay drops frames, an older dashboard just shows the picture, and a frame
 * without the segment (an older agent) just has no overlay.
 */
export const FrameFaceSchema = z.object({
  /** `[x1, y1, x2, y2]` in pixels of the frame. */
  box: z.tuple([z.number(), z.number(), z.number(), z.number()]),
  color: z.enum(['green', 'red', 'yellow']),
  /** What the camera says about the face, e.g. `Ada Lovelace - recorded 0.83` or `unknown`. */
  label: z.string().max(160),
});
export type FrameFace = z.infer<typeof FrameFaceSchema>;

export const FrameOverlaySchema = z.object({
  v: z.literal(1),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  faces: z.array(FrameFaceSchema).max(64),
  /** Status lines for the corner of the view, e.g. `SERVER OFFLINE - 3 QUEUED`. */
  banners: z.array(z.string().max(160)).max(8).default([]),
});
export type FrameOverlay = z.infer<typeof FrameOverlaySchema>;

const TAG = new TextEncoder().encode('attendance-overlay:');
const MAX_SEGMENT = 0xffff - 2;

const isJpeg = (bytes: Uint8Array) => bytes[0] === 0xff && bytes[1] === 0xd8;

/** The JPEG with `overlay` as a comment segment after its start marker (unchanged if it is not a JPEG). */
export function attachFrameOverlay(jpeg: Uint8Array, overlay: FrameOverlay): Uint8Array {
  if (!isJpeg(jpeg)) return jpeg;
  const json = new TextEncoder().encode(JSON.stringify(FrameOverlaySchema.parse(overlay)));
  const payload = TAG.length + json.length;
  if (payload > MAX_SEGMENT) return jpeg;
  const segmentLength = payload + 2;
  const out = new Uint8Array(jpeg.length + 2 + segmentLength);
  out.set([0xff, 0xd8, 0xff, 0xfe, segmentLength >> 8, segmentLength & 0xff]);
  out.set(TAG, 6);
  out.set(json, 6 + TAG.length);
  out.set(jpeg.subarray(2), 6 + payload);
  return out;
}

/**
 * The overlay of a frame: the first comment segment carrying one, among the header segments (up to the
 * start of the scan). Null when there is none or it is malformed.
 */
export function readFrameOverlay(jpeg: Uint8Array): FrameOverlay | null {
  if (!isJpeg(jpeg)) return null;
  let at = 2;
  while (at + 4 <= jpeg.length && jpeg[at] === 0xff) {
    const marker = jpeg[at + 1] ?? 0;
    // Start of scan or end of image: the headers are over.
    if (marker === 0xda || marker === 0xd9) return null;
    const length = ((jpeg[at + 2] ?? 0) << 8) | (jpeg[at + 3] ?? 0);
    if (length < 2) return null;
    if (marker === 0xfe && hasTag(jpeg, at + 4)) {
      const end = Math.min(jpeg.length, at + 2 + length);
      try {
        const text = new TextDecoder().decode(jpeg.subarray(at + 4 + TAG.length, end));
        const parsed = FrameOverlaySchema.safeParse(JSON.parse(text));
        return parsed.success ? parsed.data : null;
      } catch {
        return null;
      }
    }
    at += 2 + length;
  }
  return null;
}

function hasTag(bytes: Uint8Array, at: number): boolean {
  for (let i = 0; i < TAG.length; i++) if (bytes[at + i] !== TAG[i]) return false;
  return true;
}
