import { describe, expect, it } from 'vitest';
import type { Point } from '../types.js';
import { ALIGNMENT_TEMPLATES } from './alignment-templates.js';
import { applyAffine, estimateSimilarity, invertAffine } from './similarity-transform.js';
import { warpAffine } from './warp-affine.js';

const template = ALIGNMENT_TEMPLATES['arcface-112'].points;

describe(estimateSimilarity.name, () => {
  it('recovers a known rotation, scale and translation exactly', () => {
    const angle = 0.3;
    const scale = 2.5;
    const moved = template.map(
      ([x, y]) =>
        [
          scale * (Math.cos(angle) * x - Math.sin(angle) * y) + 40,
          scale * (Math.sin(angle) * x + Math.cos(angle) * y) - 7,
        ] as const satisfies Point,
    );
    const m = estimateSimilarity(moved, template);
    moved.forEach((p, i) => {
      const [x, y] = applyAffine(m, p);
      expect(x).toBeCloseTo((template[i] as Point)[0], 6);
      expect(y).toBeCloseTo((template[i] as Point)[1], 6);
    });
    const inverse = invertAffine(m);
    expect(applyAffine(inverse, applyAffine(m, [3, 4]))[0]).toBeCloseTo(3, 9);
  });
});

describe(warpAffine.name, () => {
  it('translates pixels and fills outside with black', () => {
    const data = new Uint8Array(4 * 4 * 3);
    data.set([255, 128, 7], (1 * 4 + 1) * 3); // pixel (1, 1)
    const out = warpAffine({ width: 4, height: 4, data }, [1, 0, 1, 0, 1, 1], 4, 4);
    expect(Array.from(out.data.subarray((2 * 4 + 2) * 3, (2 * 4 + 2) * 3 + 3))).toEqual([255, 128, 7]);
    expect(out.data[0]).toBe(0);
  });
});
