import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Point, RgbImage } from '@attendance/vision';
import sharp from 'sharp';

export const VIDEO_WIDTH = 640;
export const VIDEO_HEIGHT = 480;
export const VIDEO_FPS = 10;
/** Cylinder radius and nose band, in eye distances; share of the turn added to the nose (it sticks out). */
const CYLINDER_RADIUS = 1.3;
const NOSE_BAND = 0.4;
const NOSE_EXTRA = 0.5;

/** A 640×480 frame with the photo scaled to 440×440 on grey (the same layout as `y4mFromPhotos`). */
export async function framedPhoto(photo: string): Promise<RgbImage> {
  const { data: face, info } = await sharp(photo)
    .resize(440, 440)
    .toColourspace('srgb')
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  if (info.channels !== 3) throw new Error(`${photo}: expected 3 channels, got ${info.channels}`);
  const data = new Uint8Array(VIDEO_WIDTH * VIDEO_HEIGHT * 3).fill(0xb0);
  for (let y = 0; y < 440; y++) {
    data.set(face.subarray(y * 440 * 3, (y + 1) * 440 * 3), ((y + 20) * VIDEO_WIDTH + 100) * 3);
  }
  return { width: VIDEO_WIDTH, height: VIDEO_HEIGHT, data };
}

/**
 * Synthesises a head turn from a still photo (we have no video of a turning head): the face is treated as
 * a vertical cylinder around the eye midpoint and rotated by `theta` radians (a horizontal, non-uniform
 * warp: the near side stretches, the far side compresses), and the nose band moves further because the
 * nose sticks out. That moves the nose relative to the eye midpoint, which is what the 5-landmark yaw
 * measures. `theta` < 0 turns the head towards image left: the person's own right for an unmirrored camera.
 */
export function warpTurn(image: RgbImage, landmarks: readonly Point[], theta: number): RgbImage {
  const [leftEye, rightEye, nose] = landmarks as [Point, Point, Point];
  const eyeDistance = Math.hypot(rightEye[0] - leftEye[0], rightEye[1] - leftEye[1]);
  const cx = (leftEye[0] + rightEye[0]) / 2;
  const radius = eyeDistance * CYLINDER_RADIUS;
  const { width, height, data } = image;
  const out = new Uint8Array(data.length);
  for (let y = 0; y < height; y++) {
    const dy = y - nose[1];
    const noseBand = Math.exp(-(dy * dy) / (2 * (eyeDistance * NOSE_BAND) ** 2));
    const faceBand = 0.6 + 0.4 * Math.exp(-(dy * dy) / (2 * (eyeDistance * 1.5) ** 2));
    for (let x = 0; x < width; x++) {
      const u = (x - cx) / radius;
      let srcX = x;
      if (Math.abs(u) < 1) {
        const rotated = cx + radius * Math.sin(Math.asin(u) - theta);
        const fade = Math.max(0, 1 - u ** 4) * faceBand;
        const noseDx = x - nose[0];
        const noseShift =
          NOSE_EXTRA *
          radius *
          Math.sin(theta) *
          noseBand *
          Math.exp(-(noseDx * noseDx) / (2 * (eyeDistance * 0.4) ** 2));
        srcX = x + (rotated - x) * fade - noseShift;
      }
      srcX = Math.min(width - 1, Math.max(0, srcX));
      const x0 = Math.floor(srcX);
      const x1 = Math.min(width - 1, x0 + 1);
      const t = srcX - x0;
      const o = (y * width + x) * 3;
      const a = (y * width + x0) * 3;
      const b = (y * width + x1) * 3;
      for (let c = 0; c < 3; c++) {
        out[o + c] = Math.round((data[a + c] ?? 0) * (1 - t) + (data[b + c] ?? 0) * t);
      }
    }
  }
  return { width, height, data: out };
}

/**
 * One loop of a head turn at 10 fps: frontal 2 s, turn to `peak` radians over 0.6 s, hold 1.5 s, back over
 * 0.6 s, frontal 2 s (Chromium loops the file). `peak = 0` gives a face that never turns.
 */
export function headTurnFrames(frame: RgbImage, landmarks: readonly Point[], peak: number): RgbImage[] {
  const ramp = [1, 2, 3, 4, 5, 6].map((i) => (peak * i) / 6);
  const angles = [
    ...Array<number>(20).fill(0),
    ...ramp,
    ...Array<number>(15).fill(peak),
    ...ramp.reverse(),
    ...Array<number>(20).fill(0),
  ];
  const cache = new Map<number, RgbImage>();
  return angles.map((theta) => {
    let image = cache.get(theta);
    if (!image) {
      image = theta === 0 ? frame : warpTurn(frame, landmarks, theta);
      cache.set(theta, image);
    }
    return image;
  });
}

/** Frames → `.y4m` (10 fps) for Chromium's fake camera. */
export async function writeY4m(frames: readonly RgbImage[]): Promise<string> {
  const out = path.join(mkdtempSync(path.join(tmpdir(), 'attendance-turn-')), 'camera.y4m');
  const size = `${VIDEO_WIDTH}x${VIDEO_HEIGHT}`;
  const args = ['-y', '-loglevel', 'error', '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-s', size];
  args.push('-r', String(VIDEO_FPS), '-i', '-', '-pix_fmt', 'yuv420p', out);
  const ffmpeg = spawn('ffmpeg', args, { stdio: ['pipe', 'ignore', 'inherit'] });
  const done = new Promise<void>((resolve, reject) => {
    ffmpeg.once('error', reject);
    ffmpeg.once('close', (code) => (code === 0 ? resolve() : reject(new Error(`ffmpeg exited ${code}`))));
  });
  for (const frame of frames) {
    if (!ffmpeg.stdin.write(frame.data)) {
      // If ffmpeg dies (or is missing) `done` rejects instead of waiting for a drain forever.
      await Promise.race([new Promise((resolve) => ffmpeg.stdin.once('drain', resolve)), done]);
    }
  }
  ffmpeg.stdin.end();
  await done;
  return out;
}
