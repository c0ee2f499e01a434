import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareWarps, randomImage, similarity } from '../../test/image.fixture.js';
import { warpAffine, warpAffineReference } from './warp-affine.js';

describe('WASM warp equals the JS reference', () => {
  it('on random sizes, pixels and transforms, the face partly or wholly outside the frame included', () => {
    fc.assert(
      fc.property(
        fc.record({
          width: fc.integer({ min: 1, max: 60 }),
          height: fc.integer({ min: 1, max: 60 }),
          outWidth: fc.integer({ min: 1, max: 40 }),
          outHeight: fc.integer({ min: 1, max: 40 }),
          angle: fc.double({ min: -Math.PI, max: Math.PI, noNaN: true }),
          scale: fc.double({ min: 0.2, max: 4, noNaN: true }),
          tx: fc.double({ min: -80, max: 80, noNaN: true }),
          ty: fc.double({ min: -80, max: 80, noNaN: true }),
          seed: fc.integer(),
        }),
        ({ width, height, outWidth, outHeight, angle, scale, tx, ty, seed }) => {
          const image = randomImage(width, height, seed);
          const transform = similarity(angle, scale, tx, ty);
          const { worst } = compareWarps(
            warpAffine(image, transform, outWidth, outHeight),
            warpAffineReference(image, transform, outWidth, outHeight),
          );
          return worst <= 1;
        },
      ),
      { numRuns: 500 },
    );
  });

  it('is exact for whole-pixel translations (no interpolation to round)', () => {
    const image = randomImage(30, 20, 7);
    const transform = similarity(0, 1, -5, 3);
    expect(
      compareWarps(warpAffine(image, transform, 25, 25), warpAffineReference(image, transform, 25, 25)),
    ).toEqual({ worst: 0, differingShare: 0 });
  });

  it('turns a transform with NaN (landmarks of a broken model output) into black pixels, like the reference, and leaves the kernel intact', () => {
    const image = randomImage(30, 20, 11);
    const broken = [1, 0, Number.NaN, 0, 1, 2] as const;
    const black = warpAffine(image, broken, 8, 8);
    expect(black.data).toEqual(warpAffineReference(image, broken, 8, 8).data);
    expect(black.data.every((byte) => byte === 0)).toBe(true);
    const transform = similarity(0.2, 1.3, 2, -1);
    expect(
      compareWarps(warpAffine(image, transform, 16, 16), warpAffineReference(image, transform, 16, 16)).worst,
    ).toBeLessThanOrEqual(1);
  });
});
