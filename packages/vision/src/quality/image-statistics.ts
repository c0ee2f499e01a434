import type { RgbImage } from '../types.js';

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
