import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { letterbox, letterboxReference } from '../src/image/letterbox.js';
import { kernelBackend } from '../src/wasm/kernels.js';
import { IMAGENET_PIXELS, RAW_BGR_PIXELS, SCRFD_PIXELS } from '@attendance/models';
import type { RgbImage } from '../src/types.js';
import { decodeImageFile } from '../src/node/index.js';
import { greyLevelDifference, LETTERBOX_TOLERANCE } from './image.fixture.js';
import { FACES_DIR } from './paths.fixture.js';

// Group photos from 600×604 to 2280×1588 and an ORL 92×112 grayscale PGM (upscaled).
const PHOTOS = [
  'bbt/bbt1.jpg',
  'bbt/bbt4.jpg',
  'group/couple.jpg',
  'group/selfie-many-people.jpg',
  'orl/s1/1.pgm',
];
const NORMALISATIONS = {
  'SCRFD (x − 127.5)/128': SCRFD_PIXELS,
  'YuNet raw BGR': RAW_BGR_PIXELS,
  ImageNet: IMAGENET_PIXELS,
};

const photos = new Map<string, RgbImage>();

beforeAll(async () => {
  for (const file of PHOTOS) photos.set(file, await decodeImageFile(join(FACES_DIR, file)));
});

/** The same photo cropped to `width × height` (top-left), as a camera frame already at detector size. */
function crop(image: RgbImage, width: number, height: number): RgbImage {
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    data.set(image.data.subarray(y * image.width * 3, (y * image.width + width) * 3), y * width * 3);
  }
  return { width, height, data };
}

describe('WASM letterbox on real photos', () => {
  it('runs on the WebAssembly SIMD kernel', () => {
    expect(kernelBackend().name).toBe('wasm-simd');
  });

  describe.each(Object.entries(NORMALISATIONS))('%s', (_name, pixel) => {
    it.each(PHOTOS)(
      '%s at 320 and 640 is within half a grey level of the JS reference (0.02 on average)',
      (file) => {
        const image = photos.get(file) as RgbImage;
        for (const size of [320, 640]) {
          const wasm = letterbox(image, size, size, pixel).tensor.data;
          const reference = letterboxReference(image, size, size, pixel).tensor.data;
          const difference = greyLevelDifference(wasm, reference, pixel);
          expect(difference.max).toBeLessThanOrEqual(LETTERBOX_TOLERANCE.resize);
          expect(difference.mean).toBeLessThanOrEqual(LETTERBOX_TOLERANCE.resizeMean);
        }
      },
    );

    it('a 640×480 camera frame at 640 (no resize) equals the JS reference', () => {
      const frame = crop(photos.get('group/couple.jpg') as RgbImage, 640, 480);
      const wasm = letterbox(frame, 640, 640, pixel).tensor.data;
      const reference = letterboxReference(frame, 640, 640, pixel).tensor.data;
      expect(greyLevelDifference(wasm, reference, pixel).max).toBeLessThanOrEqual(LETTERBOX_TOLERANCE.copy);
    });
  });
});
