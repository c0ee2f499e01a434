import { readFile } from 'node:fs/promises';
import sharp from 'sharp';
import type { RgbImage } from '../types.js';
import { decodePnm, isBinaryPnm } from './pnm-decoder.js';

/**
 * Decodes JPEG/PNG/WebP (via sharp, honouring EXIF orientation) or binary PGM/PPM into RGB.
 * @returns `RgbImage` with `data.length === width · height · 3`
 */
export async function decodeImageBuffer(bytes: Uint8Array): Promise<RgbImage> {
  if (isBinaryPnm(bytes)) return decodePnm(bytes);
  const { data, info } = await sharp(bytes)
    .rotate()
    .removeAlpha()
    .toColourspace('srgb')
    .raw()
    .toBuffer({ resolveWithObject: true });
  if (info.channels === 3) {
    return {
      width: info.width,
      height: info.height,
      data: new Uint8Array(data.buffer, data.byteOffset, data.length),
    };
  }
  const rgb = new Uint8Array(info.width * info.height * 3);
  for (let i = 0; i < info.width * info.height; i++) rgb.fill(data[i * info.channels] ?? 0, i * 3, i * 3 + 3);
  return { width: info.width, height: info.height, data: rgb };
}

/** Reads and decodes an image file (JPEG/PNG/WebP/PGM/PPM). */
export async function decodeImageFile(path: string): Promise<RgbImage> {
  return decodeImageBuffer(await readFile(path));
}

/** Encodes an RGB frame as JPEG (default quality 80, as the original's stream). */
export async function encodeJpeg(image: RgbImage, quality = 80): Promise<Uint8Array> {
  const buffer = await sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } })
    .jpeg({ quality })
    .toBuffer();
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.length);
}
