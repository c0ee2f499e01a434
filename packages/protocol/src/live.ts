import { z } from 'zod';
import { PROTOCOL_VERSION } from './constants.js';
import { ServerEventSchema } from './events.js';

/**
 * Live relay wire format.
 *
 * A camera publishes raw JPEG bytes, one binary WebSocket message per frame, to
 * `/v1/live/publish?camera_id=…`. Viewers of `/v1/live/view?camera_id=…|all` receive binary messages framed as
 * `[1 byte: camera id length n][n bytes: camera id, ASCII][JPEG bytes]` and text messages that are
 * {@link LiveMessage} JSON (typed server events and a periodic relay status).
 */

/** Relay status pushed to viewers about once a second: cameras with their online state and frame rate. */
export const CameraLiveStatusSchema = z.object({
  camera_id: z.string(),
  online: z.boolean(),
  /** Frames per second received from the publisher, averaged over the last few seconds. */
  fps: z.number(),
  frames: z.number().int(),
  /** Frames not delivered to some viewer because it was slower than the camera (latest frame wins). */
  dropped: z.number().int(),
  viewers: z.number().int(),
  last_frame_at: z.string().nullable(),
});
export type CameraLiveStatus = z.infer<typeof CameraLiveStatusSchema>;

export const RelayStatusMessageSchema = z.object({
  v: z.literal(PROTOCOL_VERSION),
  type: z.literal('relay.status'),
  payload: z.object({ cameras: z.array(CameraLiveStatusSchema), at: z.string() }),
});
export type RelayStatusMessage = z.infer<typeof RelayStatusMessageSchema>;

/** Any text message on a viewer socket. */
export const LiveMessageSchema = z.union([ServerEventSchema, RelayStatusMessageSchema]);
export type LiveMessage = z.infer<typeof LiveMessageSchema>;

/** Largest camera id that fits the one-byte length prefix (the camera id pattern allows 64). */
const MAX_FRAME_CAMERA_ID_BYTES = 255;

/** Wraps a JPEG for viewers: `[id length][id][jpeg]`. */
export function encodeLiveFrame(cameraId: string, jpeg: Uint8Array): Uint8Array {
  const id = new TextEncoder().encode(cameraId);
  if (id.length > MAX_FRAME_CAMERA_ID_BYTES) throw new RangeError('camera id too long for a live frame');
  const out = new Uint8Array(1 + id.length + jpeg.length);
  out[0] = id.length;
  out.set(id, 1);
  out.set(jpeg, 1 + id.length);
  return out;
}

/** Splits a viewer frame into its camera id and JPEG bytes (a view, not a copy); null if malformed. */
export function decodeLiveFrame(message: Uint8Array): { cameraId: string; jpeg: Uint8Array } | null {
  const idLength = message[0];
  if (idLength === undefined || idLength === 0 || message.length < 1 + idLength) return null;
  const cameraId = new TextDecoder().decode(message.subarray(1, 1 + idLength));
  return { cameraId, jpeg: message.subarray(1 + idLength) };
}
