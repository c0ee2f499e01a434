import { describe, expect, it } from 'vitest';
import type { RgbImage } from '../types.js';
import { letterbox } from './letterbox.js';
import { RAW_BGR_PIXELS, SCRFD_PIXELS } from '@attendance/models';

function solid(width: number, height: number, rgb: [number, number, number]): RgbImage {
  const data = new Uint8Array(width * height * 3);
  for (let i = 0; i < width * height; i++) data.set(rgb, i * 3);
  return { width, height, data };
}

describe(letterbox.name, () => {
  it('keeps the aspect ratio, pads bottom/right with black and normalises', () => {
    const { tensor, scale } = letterbox(solid(200, 100, [255, 0, 0]), 64, 64, SCRFD_PIXELS);
    expect(scale).toBeCloseTo(0.32);
    expect(tensor.dims).toEqual([1, 3, 64, 64]);
    const at = (c: number, y: number, x: number) => tensor.data[c * 64 * 64 + y * 64 + x];
    expect(at(0, 10, 10)).toBeCloseTo((255 - 127.5) / 128); // red plane inside the image
    expect(at(1, 10, 10)).toBeCloseTo(-127.5 / 128);
    expect(at(0, 40, 10)).toBeCloseTo(-127.5 / 128); // padding below the 64×32 image
  });

  it('writes BGR planes for BGR models', () => {
    const { tensor } = letterbox(solid(32, 32, [10, 20, 30]), 32, 32, RAW_BGR_PIXELS);
    expect([tensor.data[0], tensor.data[32 * 32], tensor.data[2 * 32 * 32]]).toEqual([30, 20, 10]);
  });

  it('interpolates bilinearly when upscaling', () => {
    const image: RgbImage = { width: 2, height: 1, data: new Uint8Array([0, 0, 0, 200, 200, 200]) };
    const { tensor } = letterbox(image, 4, 2, RAW_BGR_PIXELS);
    expect(Array.from(tensor.data.subarray(0, 4))).toEqual([0, 50, 150, 200]);
  });
});

describe('letterbox into a reused buffer', () => {
  it('gives the same tensor as a fresh one, padding included', () => {
    const used = letterbox(solid(40, 20, [200, 100, 50]), 32, 32, SCRFD_PIXELS).tensor.data;
    const image = solid(16, 32, [1, 2, 3]);
    const reused = letterbox(image, 32, 32, SCRFD_PIXELS, used).tensor.data;
    expect(reused).toBe(used);
    expect(Array.from(reused)).toEqual(Array.from(letterbox(image, 32, 32, SCRFD_PIXELS).tensor.data));
  });
});

describe('letterbox at scale 1', () => {
  it('copies and normalises without interpolation, padding the rest', () => {
    const image: RgbImage = { width: 2, height: 1, data: new Uint8Array([10, 20, 30, 40, 50, 60]) };
    const { tensor, scale } = letterbox(image, 2, 2, RAW_BGR_PIXELS);
    expect(scale).toBe(1);
    expect(Array.from(tensor.data)).toEqual([30, 60, 0, 0, 20, 50, 0, 0, 10, 40, 0, 0]);
  });
});
