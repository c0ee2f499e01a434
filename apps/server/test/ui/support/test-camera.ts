import { readFileSync } from 'node:fs';
import { attachFrameOverlay, type FrameOverlay } from '@attendance/protocol';
import WebSocket from 'ws';

/**
 * A stand-in for the edge camera agent: publishes a real JPEG to the live relay at a fixed frame rate,
 * exactly as the agent does (raw JPEG bytes, X-API-Key with the edge scope).
 */
export async function startTestCamera(options: {
  wsBase: string;
  apiKey: string;
  cameraId: string;
  jpegPath: string;
  fps: number;
  /** Boxes and labels sent with every frame, as the camera agent does; without it, an older agent's frames. */
  overlay?: FrameOverlay;
}): Promise<{ stop(): void }> {
  const picture = readFileSync(options.jpegPath);
  const jpeg = options.overlay ? attachFrameOverlay(picture, options.overlay) : picture;
  const socket = new WebSocket(`${options.wsBase}/v1/live/publish?camera_id=${options.cameraId}`, {
    headers: { 'x-api-key': options.apiKey },
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  const timer = setInterval(() => socket.send(jpeg), 1000 / options.fps);
  return {
    stop() {
      clearInterval(timer);
      socket.close();
    },
  };
}
