import { describe, expect, it } from 'vitest';
import { toChwBatch } from './chw-tensor.js';
import { RAW_BGR_PIXELS, SCRFD_PIXELS } from '@attendance/models';

/** 3×2 RGB image: red = index of the pixel, green = 10 + index, blue = 20 + index. */
const image = {
  width: 3,
  height: 2,
  data: Uint8Array.from({ length: 18 }, (_, i) => Math.floor(i / 3) + 10 * (i % 3)),
};

describe('toChwBatch', () => {
  it('packs RGB pixels into normalised planes in the model’s channel order', () => {
    const { data, dims } = toChwBatch([image], RAW_BGR_PIXELS);
    expect(dims).toEqual([1, 3, 2, 3]);
    expect(Array.from(data)).toEqual([20, 21, 22, 23, 24, 25, 10, 11, 12, 13, 14, 15, 0, 1, 2, 3, 4, 5]);
    expect(toChwBatch([image], SCRFD_PIXELS).data[0]).toBeCloseTo((0 - 127.5) / 128, 6);
  });

  it('writes a mirrored copy for flip augmentation', () => {
    const { data, dims } = toChwBatch([image, image], RAW_BGR_PIXELS, [false, true]);
    expect(dims).toEqual([2, 3, 2, 3]);
    // second image, red plane (BGR: plane 2): rows reversed left–right
    expect(Array.from(data.subarray(18 + 12, 18 + 18))).toEqual([2, 1, 0, 5, 4, 3]);
    expect(Array.from(data.subarray(12, 18))).toEqual([0, 1, 2, 3, 4, 5]);
  });
});
