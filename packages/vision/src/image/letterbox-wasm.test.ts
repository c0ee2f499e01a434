import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { greyLevelDifference, LETTERBOX_TOLERANCE, randomImage } from '../../test/image.fixture.js';
import type { RgbImage } from '../types.js';
import { wasmKernels } from '../wasm/kernels.js';
import { createLetterboxInput, letterbox, letterboxReference } from './letterbox.js';
import { IMAGENET_PIXELS, RAW_BGR_PIXELS, SCRFD_PIXELS, type PixelNormalization } from '@attendance/models';

const NORMALISATIONS = { scrfd: SCRFD_PIXELS, yunet: RAW_BGR_PIXELS, imagenet: IMAGENET_PIXELS };

const TOLERANCE = LETTERBOX_TOLERANCE.resize;

function compare(image: RgbImage, width: number, height: number, pixel: PixelNormalization) {
  // A stale buffer: every value, padding included, must be overwritten.
  const stale = new Float32Array(3 * width * height).fill(Number.NaN);
  const wasm = letterbox(image, width, height, pixel, stale);
  const reference = letterboxReference(image, width, height, pixel);
  expect(wasm.scale).toBe(reference.scale);
  return greyLevelDifference(wasm.tensor.data, reference.tensor.data, pixel).max;
}

describe('WASM letterbox matches the JS reference (within half a grey level)', () => {
  it.each(Object.entries(NORMALISATIONS))('on random sizes and pixels (%s)', (_name, pixel) => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 97 }),
        fc.integer({ min: 1, max: 97 }),
        fc.integer({ min: 1, max: 80 }),
        fc.integer({ min: 1, max: 80 }),
        fc.integer(),
        (w, h, targetWidth, targetHeight, seed) =>
          compare(randomImage(w, h, seed), targetWidth, targetHeight, pixel) <= TOLERANCE,
      ),
      { numRuns: 300 },
    );
  });

  it.each([
    ['1-pixel image, upscaled', 1, 1, 32, 32],
    ['1-pixel image at its size', 1, 1, 1, 1],
    ['single row', 37, 1, 32, 32],
    ['single column', 1, 29, 32, 32],
    ['odd width, no resize (tail pixels after the 4-pixel blocks)', 31, 17, 32, 32],
    ['no resize, exact fit', 64, 48, 64, 48],
    ['no resize, padding right and below', 61, 45, 64, 64],
    ['no resize, many strips', 640, 100, 640, 640],
    ['2× upscale', 13, 9, 32, 32],
    ['strong downscale', 401, 263, 32, 32],
    ['wide strips (more rows than one strip holds)', 300, 600, 320, 640],
  ])('%s: %i×%i → %i×%i', (_what, w, h, targetWidth, targetHeight) => {
    for (const pixel of Object.values(NORMALISATIONS)) {
      expect(compare(randomImage(w, h, w * 1000 + h), targetWidth, targetHeight, pixel)).toBeLessThanOrEqual(
        TOLERANCE,
      );
    }
  });

  it('gives bit-identical values when no interpolation is needed and the normalisation is exact', () => {
    // Scale 1 (one side already at the input size): copy + normalise, pad right or below.
    for (const image of [randomImage(64, 30, 7), randomImage(61, 64, 8)]) {
      for (const pixel of [SCRFD_PIXELS, RAW_BGR_PIXELS]) {
        expect(compare(image, 64, 64, pixel)).toBe(0);
      }
    }
  });

  it('ignores whatever its kernel memory held: scratch full of NaN bit patterns changes nothing', () => {
    // The horizontal pass reads one pixel past a row's last source pixel with weight 0: whatever the memory
    // holds there must not reach the output (a float kernel once turned it into 0 · NaN = NaN).
    const kernels = wasmKernels();
    expect(kernels).not.toBeNull();
    for (const [w, h] of [
      [5, 46],
      [7, 30],
      [70, 79],
      [33, 1],
    ] as const) {
      const image = randomImage(w, h, w * 31 + h);
      const buffer = kernels!.reserve(kernels!.heapBase + (1 << 16));
      new Uint8Array(buffer, kernels!.heapBase).fill(0xff);
      expect(compare(image, 5, 42, SCRFD_PIXELS)).toBeLessThanOrEqual(TOLERANCE);
      new Uint8Array(buffer, kernels!.heapBase).fill(0xff);
      expect(compare(image, 64, 64, RAW_BGR_PIXELS)).toBeLessThanOrEqual(TOLERANCE);
    }
  });

  it('detects a difference (the comparison can fail)', () => {
    const image = randomImage(20, 10, 3);
    const wasm = letterbox(image, 32, 32, SCRFD_PIXELS).tensor.data;
    const reference = letterboxReference(image, 32, 32, SCRFD_PIXELS).tensor.data;
    reference[5 * 32 + 7] = (reference[5 * 32 + 7] as number) + 0.6 / SCRFD_PIXELS.std[0]; // 0.6 grey level
    expect(greyLevelDifference(wasm, reference, SCRFD_PIXELS).max).toBeGreaterThan(TOLERANCE);
  });
});

describe("a detector's letterbox input (written in place in its own kernel memory)", () => {
  it('matches the reference frame after frame, as the frame size and normalisation change', () => {
    // The tensor persists between frames and its padding is only rewritten when the geometry changes:
    // every frame must still equal a fresh reference (no rows or columns left over from the previous one).
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 64 }),
        fc.integer({ min: 1, max: 64 }),
        fc.array(
          fc.record({
            w: fc.integer({ min: 1, max: 90 }),
            h: fc.integer({ min: 1, max: 90 }),
            seed: fc.integer(),
            pixel: fc.constantFrom(...Object.values(NORMALISATIONS)),
          }),
          { minLength: 1, maxLength: 6 },
        ),
        (width, height, frames) => {
          const input = createLetterboxInput(width, height);
          return frames.every(({ w, h, seed, pixel }) => {
            const image = randomImage(w, h, seed);
            const written = input.write(image, pixel);
            const reference = letterboxReference(image, width, height, pixel);
            expect(written.scale).toBe(reference.scale);
            expect(written.tensor.dims).toEqual([1, 3, height, width]);
            return greyLevelDifference(written.tensor.data, reference.tensor.data, pixel).max <= TOLERANCE;
          });
        },
      ),
      { numRuns: 200 },
    );
  });

  it('reuses its resize taps for frames of the same size and recomputes them when the size changes', () => {
    const input = createLetterboxInput(48, 40);
    for (const [w, h, seed] of [
      [90, 70, 1],
      [90, 70, 2],
      [90, 71, 3],
      [91, 71, 4],
      [90, 70, 5],
      [90, 70, 6],
    ] as const) {
      const image = randomImage(w, h, seed);
      const written = input.write(image, RAW_BGR_PIXELS).tensor.data;
      const reference = letterboxReference(image, 48, 40, RAW_BGR_PIXELS).tensor.data;
      expect(greyLevelDifference(written, reference, RAW_BGR_PIXELS).max).toBeLessThanOrEqual(TOLERANCE);
    }
  });

  it('answers a valid view after its memory grew for a larger frame', () => {
    const input = createLetterboxInput(64, 64);
    const small = input.write(randomImage(40, 30, 1), SCRFD_PIXELS).tensor.data;
    const large = randomImage(1500, 1200, 2); // 5.4 MB of source: the memory must grow
    const written = input.write(large, SCRFD_PIXELS).tensor.data;
    expect(written.length).toBe(3 * 64 * 64);
    expect(written.buffer).not.toBe(small.buffer);
    expect(
      greyLevelDifference(written, letterboxReference(large, 64, 64, SCRFD_PIXELS).tensor.data, SCRFD_PIXELS)
        .max,
    ).toBeLessThanOrEqual(TOLERANCE);
  });
});
