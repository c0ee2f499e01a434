import type { TensorF32 } from '../runtime/inference-runtime.js';
import type { RgbImage } from '../types.js';
import { toChannelAffine, type PixelNormalization } from '@attendance/models';

/**
 * Packs same-size RGB images into one normalised batch tensor `[n, 3, h, w]`, in one pass over each image.
 * `mirrored[i]` writes image `i` flipped left–right (flip augmentation without a mirrored copy).
 * @example toChwBatch([aligned112], ARCFACE_PIXELS) // → dims [1, 3, 112, 112]
 */
export function toChwBatch(
  images: readonly RgbImage[],
  pixel: PixelNormalization,
  mirrored?: readonly boolean[],
): TensorF32 {
  const first = images[0];
  if (!first) throw new Error('toChwBatch needs at least one image');
  const { width, height } = first;
  const planeSize = width * height;
  const data = new Float32Array(images.length * 3 * planeSize);
  const { plane, scale, offset } = toChannelAffine(pixel);
  const [m0, m1, m2] = scale;
  const [o0, o1, o2] = offset;
  images.forEach((image, n) => {
    if (image.width !== width || image.height !== height) {
      throw new Error('toChwBatch: images differ in size');
    }
    const base = n * 3 * planeSize;
    const p0 = base + plane[0] * planeSize;
    const p1 = base + plane[1] * planeSize;
    const p2 = base + plane[2] * planeSize;
    const src = image.data;
    const flip = mirrored?.[n] === true;
    for (let y = 0, s = 0; y < height; y++) {
      // Destination index of the row's first source pixel and the step to the next one.
      let d = flip ? y * width + width - 1 : y * width;
      const step = flip ? -1 : 1;
      for (let x = 0; x < width; x++, s += 3, d += step) {
        data[p0 + d] = (src[s] as number) * m0 + o0;
        data[p1 + d] = (src[s + 1] as number) * m1 + o1;
        data[p2 + d] = (src[s + 2] as number) * m2 + o2;
      }
    }
  });
  return { data, dims: [images.length, 3, height, width] };
}
