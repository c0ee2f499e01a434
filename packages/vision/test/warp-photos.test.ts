import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { warpAffine, warpAffineReference } from '../src/align/warp-affine.js';
import { kernelBackend } from '../src/wasm/kernels.js';
import { compareWarps, similarity } from './image.fixture.js';
import type { RgbImage } from '../src/types.js';
import { decodeImageFile } from '../src/node/index.js';
import { FACES_DIR } from './paths.fixture.js';

const PHOTOS = ['bbt/bbt4.jpg', 'group/selfie-many-people.jpg', 'orl/s1/1.pgm'];
const photos = new Map<string, RgbImage>();

beforeAll(async () => {
  for (const file of PHOTOS) photos.set(file, await decodeImageFile(join(FACES_DIR, file)));
});

/** Deterministic pseudo-random numbers in [0, 1), so a failure names a reproducible transform. */
function randoms(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

describe('WASM warp on real photos', () => {
  it('runs on the WebAssembly SIMD kernel', () => {
    expect(kernelBackend().name).toBe('wasm-simd');
  });

  it.each(PHOTOS)('%s: 112×112 alignments anywhere on the frame equal the JS reference', (file) => {
    const image = photos.get(file) as RgbImage;
    const random = randoms(file.length);
    let differing = 0;
    for (let i = 0; i < 100; i++) {
      // A face of 30–300 px, rotated up to ±40°, centred anywhere up to 60 px past the frame's edges.
      const scale = 112 / (30 + 270 * random());
      const angle = (random() - 0.5) * 1.4;
      const cx = -60 + (image.width + 120) * random();
      const cy = -60 + (image.height + 120) * random();
      const [a, b, , d, e] = similarity(angle, scale, 0, 0);
      const transform = similarity(angle, scale, 56 - (a * cx + b * cy), 56 - (d * cx + e * cy));
      const result = compareWarps(
        warpAffine(image, transform, 112, 112),
        warpAffineReference(image, transform, 112, 112),
      );
      expect(result.worst, `transform ${transform.join(', ')}`).toBeLessThanOrEqual(1);
      differing += result.differingShare / 100;
    }
    expect(differing).toBeLessThan(0.001);
  });
});
