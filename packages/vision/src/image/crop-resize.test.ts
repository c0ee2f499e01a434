import { describe, expect, it } from 'vitest';
import { cropResizeTensor } from './crop-resize.js';
import { RAW_BGR_PIXELS, SCRFD_PIXELS } from '@attendance/models';

/** 4×2 RGB image whose red channel is x + 10·y, green 100 + x, blue 200. */
const image = {
  width: 4,
  height: 2,
  data: Uint8Array.from({ length: 4 * 2 * 3 }, (_, i) => {
    const pixel = Math.floor(i / 3);
    const [x, y] = [pixel % 4, Math.floor(pixel / 4)];
    return [x + 10 * y, 100 + x, 200][i % 3] as number;
  }),
};

describe('cropResizeTensor', () => {
  it('copies a crop at its own size into BGR planes', () => {
    const { data, dims } = cropResizeTensor(image, { x: 1, y: 0, width: 2, height: 2 }, 2, 2, RAW_BGR_PIXELS);
    expect(dims).toEqual([1, 3, 2, 2]);
    expect(Array.from(data)).toEqual([200, 200, 200, 200, 101, 102, 101, 102, 1, 2, 11, 12]);
  });

  it('averages 2×2 blocks when halving (pixel-centre aligned) and normalises', () => {
    const { data } = cropResizeTensor(image, { x: 0, y: 0, width: 4, height: 2 }, 2, 1, SCRFD_PIXELS);
    // red: mean of (0, 1, 10, 11) = 5.5 and of (2, 3, 12, 13) = 7.5 → (v − 127.5) / 128
    expect(data[0]).toBeCloseTo((5.5 - 127.5) / 128, 6);
    expect(data[1]).toBeCloseTo((7.5 - 127.5) / 128, 6);
    expect(data[2]).toBeCloseTo((100.5 - 127.5) / 128, 6);
  });

  it('stretches a crop to a different aspect ratio and stays inside the region', () => {
    const { data } = cropResizeTensor(image, { x: 2, y: 1, width: 2, height: 1 }, 3, 3, RAW_BGR_PIXELS);
    const red = Array.from(data.subarray(18, 27));
    expect(Math.min(...red)).toBeGreaterThanOrEqual(12);
    expect(Math.max(...red)).toBeLessThanOrEqual(13);
  });
});
