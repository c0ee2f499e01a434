import type { RgbImage } from '../types.js';

/** True for binary PGM (P5) / PPM (P6) data, which sharp's prebuilt libvips does not read. */
export function isBinaryPnm(bytes: Uint8Array): boolean {
  return bytes.length > 2 && bytes[0] === 0x50 && (bytes[1] === 0x35 || bytes[1] === 0x36);
}

/** Decodes binary PGM/PPM (8- or 16-bit) into RGB (gray is replicated to 3 channels). */
export function decodePnm(bytes: Uint8Array): RgbImage {
  const fields: number[] = [];
  let offset = 2;
  while (fields.length < 3) {
    while (offset < bytes.length && isSpace(bytes[offset] as number)) offset++;
    if (bytes[offset] === 0x23) {
      while (offset < bytes.length && bytes[offset] !== 0x0a) offset++;
      continue;
    }
    let value = 0;
    const start = offset;
    while (offset < bytes.length && (bytes[offset] as number) >= 0x30 && (bytes[offset] as number) <= 0x39) {
      value = value * 10 + (bytes[offset] as number) - 0x30;
      offset++;
    }
    if (offset === start) throw new Error('malformed PNM header');
    fields.push(value);
  }
  offset++; // exactly one whitespace byte separates the header from the pixels
  const [width = 0, height = 0, maxValue = 255] = fields;
  const channels = bytes[1] === 0x35 ? 1 : 3;
  const bytesPerSample = maxValue > 255 ? 2 : 1;
  const samples = width * height * channels;
  if (bytes.length < offset + samples * bytesPerSample) throw new Error('truncated PNM data');
  const data = new Uint8Array(width * height * 3);
  for (let i = 0; i < width * height; i++) {
    for (let c = 0; c < 3; c++) {
      const s = i * channels + (channels === 1 ? 0 : c);
      const raw =
        bytesPerSample === 1
          ? (bytes[offset + s] as number)
          : ((bytes[offset + 2 * s] as number) << 8) | (bytes[offset + 2 * s + 1] as number);
      data[i * 3 + c] = Math.round((raw * 255) / maxValue);
    }
  }
  return { width, height, data };
}

function isSpace(byte: number): boolean {
  return byte === 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d;
}
