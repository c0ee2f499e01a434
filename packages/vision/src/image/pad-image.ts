import type { RgbImage } from '../types.js';

/** How the border added by {@link padImage} is filled. */
export type PadFill = 'black' | 'replicate';

/**
 * `image` with `margin` pixels added on every side: black, or the nearest edge pixel repeated
 * (OpenCV's `BORDER_REPLICATE`, no hard edge for the detector to see).
 */
export function padImage(image: RgbImage, margin: number, fill: PadFill): RgbImage {
  const pad = Math.max(0, Math.round(margin));
  if (pad === 0) return image;
  const width = image.width + 2 * pad;
  const height = image.height + 2 * pad;
  const data = new Uint8Array(width * height * 3);
  const srcStride = image.width * 3;
  const dstStride = width * 3;
  for (let y = 0; y < image.height; y++) {
    data.set(image.data.subarray(y * srcStride, (y + 1) * srcStride), (y + pad) * dstStride + pad * 3);
  }
  if (fill === 'replicate') {
    for (let y = pad; y < pad + image.height; y++) {
      const row = y * dstStride;
      const first = row + pad * 3;
      const last = row + (pad + image.width - 1) * 3;
      for (let x = 0; x < pad; x++) {
        data.copyWithin(row + x * 3, first, first + 3);
        data.copyWithin(row + (pad + image.width + x) * 3, last, last + 3);
      }
    }
    const top = pad * dstStride;
    const bottom = (pad + image.height - 1) * dstStride;
    for (let y = 0; y < pad; y++) {
      data.copyWithin(y * dstStride, top, top + dstStride);
      data.copyWithin((pad + image.height + y) * dstStride, bottom, bottom + dstStride);
    }
  }
  return { width, height, data };
}
