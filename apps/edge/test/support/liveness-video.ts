import { spawn } from 'node:child_process';
import path from 'node:path';
import type { RgbImage } from '@attendance/vision';
import sharp from 'sharp';

export const WIDTH = 640;
export const HEIGHT = 480;

/** A grey-brown wall: the scene around whatever stands at the door. */
export function wall(): RgbImage {
  const data = new Uint8Array(WIDTH * HEIGHT * 3);
  for (let i = 0; i < data.length; i += 3) {
    data[i] = 0x8a;
    data[i + 1] = 0x7f;
    data[i + 2] = 0x70;
  }
  return { width: WIDTH, height: HEIGHT, data };
}

async function rgb(photo: string, width: number, height: number): Promise<Uint8Array> {
  const { data, info } = await sharp(photo)
    .resize(width, height)
    .toColourspace('srgb')
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  if (info.channels !== 3) throw new Error(`${photo}: ${info.channels} channels`);
  return new Uint8Array(data);
}

function paste(
  frame: RgbImage,
  pixels: Uint8Array,
  width: number,
  height: number,
  left: number,
  top: number,
) {
  for (let y = 0; y < height; y++) {
    frame.data.set(pixels.subarray(y * width * 3, (y + 1) * width * 3), ((top + y) * frame.width + left) * 3);
  }
}

/** The photo as a person standing at the door: `size`×`size` pixels centred on the wall. */
export async function personFrame(photo: string, size: number): Promise<RgbImage> {
  const frame = wall();
  paste(frame, await rgb(photo, size, size), size, size, (WIDTH - size) >> 1, (HEIGHT - size) >> 1);
  return frame;
}

/**
 * The photo replayed on a phone held up to the camera: a black body with a bezel, the photo letterboxed
 * on its screen, a diagonal glare and a fine moiré (screen pixels beating against the camera's).
 */
export async function phoneReplayFrame(photo: string, screen: number): Promise<RgbImage> {
  const frame = wall();
  const bezel = Math.round(screen * 0.06);
  const bodyW = screen + 2 * bezel;
  const bodyH = Math.round(screen * 1.9) + 2 * bezel;
  const left = (WIDTH - bodyW) >> 1;
  const top = Math.max(0, (HEIGHT - bodyH) >> 1);
  for (let y = top; y < Math.min(HEIGHT, top + bodyH); y++) {
    frame.data.fill(12, (y * WIDTH + left) * 3, (y * WIDTH + left + bodyW) * 3);
  }
  const screenTop = top + bezel + Math.round((bodyH - 2 * bezel - screen) / 2);
  const pixels = await rgb(photo, screen, screen);
  for (let y = 0; y < screen; y++) {
    for (let x = 0; x < screen; x++) {
      const glare = Math.max(0, 1 - Math.abs(x - y - screen * 0.2) / (screen * 0.25)) * 70;
      const moire = 1 + 0.08 * Math.sin((x + y * 0.3) * 2.1);
      const o = (y * screen + x) * 3;
      const d = ((screenTop + y) * WIDTH + left + bezel + x) * 3;
      for (let c = 0; c < 3; c++) frame.data[d + c] = Math.min(255, (pixels[o + c] ?? 0) * moire + glare);
    }
  }
  return frame;
}

/** Segments of frames → an H.264 file at `fps` (what a camera recording at the door would give). */
export async function writeVideo(
  dir: string,
  name: string,
  segments: readonly { frame: RgbImage; seconds: number }[],
  fps = 5,
): Promise<string> {
  const output = path.join(dir, `${name}.mp4`);
  const args = ['-hide_banner', '-loglevel', 'error', '-y', '-f', 'rawvideo', '-pix_fmt', 'rgb24'];
  args.push('-s', `${WIDTH}x${HEIGHT}`, '-r', String(fps), '-i', '-');
  args.push('-c:v', 'libx264', '-preset', 'veryfast', '-crf', '16', '-pix_fmt', 'yuv420p', output);
  const ffmpeg = spawn('ffmpeg', args, { stdio: ['pipe', 'ignore', 'inherit'] });
  const done = new Promise<void>((resolve, reject) => {
    ffmpeg.once('error', reject);
    ffmpeg.once('close', (code) => (code === 0 ? resolve() : reject(new Error(`ffmpeg exited ${code}`))));
  });
  for (const { frame, seconds } of segments) {
    for (let i = 0; i < Math.round(seconds * fps); i++) {
      if (!ffmpeg.stdin.write(frame.data)) {
        await Promise.race([new Promise((resolve) => ffmpeg.stdin.once('drain', resolve)), done]);
      }
    }
  }
  ffmpeg.stdin.end();
  await done;
  return output;
}
