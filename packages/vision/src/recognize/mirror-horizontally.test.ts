import { describe, expect, it } from 'vitest';
import { mirrorHorizontally } from './face-recognizer.js';

describe('mirrorHorizontally', () => {
  it('reverses the pixel order of every row, keeping each pixel’s channels', () => {
    const image = {
      width: 3,
      height: 2,
      data: Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18]),
    };
    expect(Array.from(mirrorHorizontally(image).data)).toEqual([
      7, 8, 9, 4, 5, 6, 1, 2, 3, 16, 17, 18, 13, 14, 15, 10, 11, 12,
    ]);
    expect(mirrorHorizontally(mirrorHorizontally(image)).data).toEqual(image.data);
  });
});
