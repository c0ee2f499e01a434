import type { RgbImage } from '../types.js';

/** A pixel rectangle `[x1, y1, x2, y2]` (x2, y2 exclusive; may extend past the image). */
export type PixelRect = readonly [x1: number, y1: number, x2: number, y2: number];

/** Mean gray level (ITU-R BT.601 luma, 0–255) over every `step`-th pixel of the frame. */
export function meanBrightness(image: RgbImage, step = 1): number {
  const { data } = image;
  let sum = 0;
  let count = 0;
  for (let i = 0; i < data.length; i += 3 * step, count++) {
    sum += 0.299 * (data[i] as number) + 0.587 * (data[i + 1] as number) + 0.114 * (data[i + 2] as number);
  }
  return count ? sum / count : 0;
}

/**
 * Mean gray level (BT.601, 0–255) of the pixels of `rect` that lie in the image, sampled on a grid of at
 * most ~64×64 points: the brightness of a face, not of the background around it. 0 for an empty rect.
 */
export function regionBrightness(image: RgbImage, rect: PixelRect): number {
  const x1 = Math.max(0, Math.floor(rect[0]));
  const y1 = Math.max(0, Math.floor(rect[1]));
  const x2 = Math.min(image.width, Math.ceil(rect[2]));
  const y2 = Math.min(image.height, Math.ceil(rect[3]));
  if (x2 <= x1 || y2 <= y1) return 0;
  const step = Math.max(1, Math.floor(Math.max(x2 - x1, y2 - y1) / 64));
  const { data } = image;
  let sum = 0;
  let count = 0;
  for (let y = y1; y < y2; y += step) {
    for (let x = x1, i = (y * image.width + x1) * 3; x < x2; x += step, i += 3 * step, count++) {
      sum += 0.299 * (data[i] as number) + 0.587 * (data[i + 1] as number) + 0.114 * (data[i + 2] as number);
    }
  }
  return sum / count;
}

/**
 * Variance of the 4-neighbour Laplacian of the image's gray levels (OpenCV `Laplacian(gray, CV_64F).var()`
 * on the interior). Low values mean few edges: blur, or a face upscaled from too few pixels.
 */
export function laplacianVariance(image: RgbImage): number {
  const { width, height, data } = image;
  if (width < 3 || height < 3) return 0;
  const gray = new Float32Array(width * height);
  for (let i = 0, p = 0; i < gray.length; i++, p += 3) {
    gray[i] = 0.299 * (data[p] as number) + 0.587 * (data[p + 1] as number) + 0.114 * (data[p + 2] as number);
  }
  let sum = 0;
  let sumSquares = 0;
  for (let y = 1; y < height - 1; y++) {
    for (let x = 1, i = y * width + 1; x < width - 1; x++, i++) {
      const value =
        (gray[i - 1] as number) +
        (gray[i + 1] as number) +
        (gray[i - width] as number) +
        (gray[i + width] as number) -
        4 * (gray[i] as number);
      sum += value;
      sumSquares += value * value;
    }
  }
  const count = (width - 2) * (height - 2);
  const mean = sum / count;
  return sumSquares / count - mean * mean;
}
