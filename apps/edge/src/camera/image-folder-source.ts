import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { decodeImageFile } from '@attendance/vision/node';
import type { RgbFrame } from '../render/rgb-raster.js';

const IMAGE_EXTENSIONS = new Set(['.jpg', '.jpeg', '.png', '.webp', '.bmp', '.tif', '.tiff', '.gif']);

/** Image files directly inside `dir`, in natural name order (`frame2` before `frame10`). */
export function listImages(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => IMAGE_EXTENSIONS.has(path.extname(entry.name).toLowerCase()))
    .map((entry) => path.join(dir, entry.name))
    .filter((file) => isFile(file))
    .sort((a, b) => a.localeCompare(b, undefined, { numeric: true }));
}

/** Yields each image of a folder as a frame, optionally mirrored, at most `fps` per second. */
export async function* imageFolderFrames(
  dir: string,
  options: { mirror: boolean; fps: number | null; signal: AbortSignal },
): AsyncGenerator<RgbFrame> {
  const interval = options.fps === null ? 0 : 1000 / options.fps;
  for (const file of listImages(dir)) {
    if (options.signal.aborted) return;
    const started = Date.now();
    const image = await decodeImageFile(file);
    yield options.mirror ? mirrorFrame(image) : image;
    const wait = interval - (Date.now() - started);
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  }
}

/** A horizontally flipped copy. */
export function mirrorFrame(frame: RgbFrame): RgbFrame {
  const out = new Uint8Array(frame.data.length);
  const row = frame.width * 3;
  for (let y = 0; y < frame.height; y++) {
    for (let x = 0; x < frame.width; x++) {
      const from = y * row + x * 3;
      const to = y * row + (frame.width - 1 - x) * 3;
      out[to] = frame.data[from] ?? 0;
      out[to + 1] = frame.data[from + 1] ?? 0;
      out[to + 2] = frame.data[from + 2] ?? 0;
    }
  }
  return { width: frame.width, height: frame.height, data: out };
}

function isFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}
