import type { TensorF32 } from '../runtime/inference-runtime.js';
import type { RgbImage } from '../types.js';
import { toChannelAffine, type PixelNormalization } from '@attendance/models';

/** An inclusive pixel region of an image (`x … x + width − 1`, `y … y + height − 1`). */
export interface PixelRegion {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * Crops `region` and stretches it to `width × height` (bilinear, pixel-centre aligned, no antialias —
 * OpenCV's `resize(INTER_LINEAR)` on the crop), as a normalised `[1, 3, height, width]` tensor.
 * @example cropResizeTensor(frame, { x: 212, y: 115, width: 217, height: 271 }, 80, 80, RAW_BGR_PIXELS)
 */
export function cropResizeTensor(
  image: RgbImage,
  region: PixelRegion,
  width: number,
  height: number,
  pixel: PixelNormalization,
): TensorF32 {
  const planeSize = width * height;
  const data = new Float32Array(3 * planeSize);
  const { plane, scale, offset } = toChannelAffine(pixel);
  const left = Math.max(0, Math.min(image.width - 1, region.x));
  const top = Math.max(0, Math.min(image.height - 1, region.y));
  const right = Math.max(left, Math.min(image.width - 1, region.x + region.width - 1));
  const bottom = Math.max(top, Math.min(image.height - 1, region.y + region.height - 1));
  const ratioX = (right - left + 1) / width;
  const ratioY = (bottom - top + 1) / height;
  const src = image.data;
  const stride = image.width * 3;
  for (let y = 0; y < height; y++) {
    const sy = Math.min(bottom, top + Math.max(0, (y + 0.5) * ratioY - 0.5));
    const y0 = Math.floor(sy);
    const y1 = Math.min(y0 + 1, bottom);
    const wy = sy - y0;
    for (let x = 0; x < width; x++) {
      const sx = Math.min(right, left + Math.max(0, (x + 0.5) * ratioX - 0.5));
      const x0 = Math.floor(sx);
      const x1 = Math.min(x0 + 1, right);
      const wx = sx - x0;
      const a = y0 * stride + x0 * 3;
      const b = y0 * stride + x1 * 3;
      const c = y1 * stride + x0 * 3;
      const d = y1 * stride + x1 * 3;
      for (let ch = 0; ch < 3; ch++) {
        const topValue = (src[a + ch] as number) * (1 - wx) + (src[b + ch] as number) * wx;
        const bottomValue = (src[c + ch] as number) * (1 - wx) + (src[d + ch] as number) * wx;
        const value = topValue * (1 - wy) + bottomValue * wy;
        data[(plane[ch] as number) * planeSize + y * width + x] =
          value * (scale[ch] as number) + (offset[ch] as number);
      }
    }
  }
  return { data, dims: [1, 3, height, width] };
}
