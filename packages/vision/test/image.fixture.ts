import { expect } from 'vitest';
import type { Affine2x3 } from '../src/align/similarity-transform.js';
import { toChannelAffine, type PixelNormalization } from '@attendance/models';
import type { RgbImage } from '../src/types.js';

/** A `width × height` RGB image of xorshift noise: every seed gives the same pixels. */
export function randomImage(width: number, height: number, seed: number): RgbImage {
  const data = new Uint8Array(width * height * 3);
  let state = seed >>> 0 || 1;
  for (let i = 0; i < data.length; i++) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    data[i] = state & 255;
  }
  return { width, height, data };
}

/** Rotation by `angle`, uniform `scale`, then translation: the shape of every face alignment. */
export function similarity(angle: number, scale: number, tx: number, ty: number): Affine2x3 {
  const cos = scale * Math.cos(angle);
  const sin = scale * Math.sin(angle);
  return [cos, -sin, tx, sin, cos, ty];
}

/** Largest per-byte difference between two warps and the share of bytes that differ at all. */
export function compareWarps(actual: RgbImage, reference: RgbImage) {
  expect([actual.width, actual.height]).toEqual([reference.width, reference.height]);
  let worst = 0;
  let differing = 0;
  for (let i = 0; i < reference.data.length; i++) {
    const difference = Math.abs((actual.data[i] as number) - (reference.data[i] as number));
    worst = Math.max(worst, difference);
    if (difference) differing++;
  }
  return { worst, differingShare: differing / reference.data.length };
}

/**
 * How far the WASM letterbox may be from the JS reference, in grey levels: its resize is fixed-point (8-bit
 * vertical weights: at most half a level on the sharpest edge, a few thousandths on average).
 */
export const LETTERBOX_TOLERANCE = { resize: 0.52, resizeMean: 0.02, copy: 1e-4 } as const;

/** Largest and mean difference between two letterbox tensors, in grey levels of the 0–255 source values. */
export function greyLevelDifference(
  actual: Float32Array,
  reference: Float32Array,
  pixel: PixelNormalization,
): { max: number; mean: number } {
  expect(actual.length).toBe(reference.length);
  const { scale, plane } = toChannelAffine(pixel);
  const planeSize = reference.length / 3;
  let max = 0;
  let sum = 0;
  for (let c = 0; c < 3; c++) {
    const base = (plane[c] as number) * planeSize;
    const levelsPerUnit = 1 / Math.abs(scale[c] as number);
    for (let i = base; i < base + planeSize; i++) {
      const levels = Math.abs((actual[i] as number) - (reference[i] as number)) * levelsPerUnit;
      max = Math.max(max, levels);
      sum += levels;
    }
  }
  return { max, mean: sum / reference.length };
}
