import type { TensorF32 } from '../runtime/inference-runtime.js';
import type { RgbImage } from '../types.js';
import { toChannelAffine, type PixelNormalization } from './pixel-normalization.js';

/**
 * Packs same-size RGB images into one normalised batch tensor `[n, 3, h, w]`.
 * @example toChwBatch([aligned112], ARCFACE_PIXELS) // → dims [1, 3, 112, 112]
 */
export function toChwBatch(images: readonly RgbImage[], pixel: PixelNormalization): TensorF32 {
  const first = images[0];
  if (!first) throw new Error('toChwBatch needs at least one image');
  const { width, height } = first;
  const planeSize = width * height;
  const data = new Float32Array(images.length * 3 * planeSize);
  const { plane, scale, offset } = toChannelAffine(pixel);
  images.forEach((image, n) => {
    if (image.width !== width || image.height !== height) {
      throw new Error('toChwBatch: images differ in size');
    }
    const base = n * 3 * planeSize;
    for (let ch = 0; ch < 3; ch++) {
      const target = base + (plane[ch] as number) * planeSize;
      const mul = scale[ch] as number;
      const add = offset[ch] as number;
      const src = image.data;
      for (let i = 0, s = ch; i < planeSize; i++, s += 3) data[target + i] = (src[s] as number) * mul + add;
    }
  });
  return { data, dims: [images.length, 3, height, width] };
}
