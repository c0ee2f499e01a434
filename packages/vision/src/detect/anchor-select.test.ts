import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { candidatesAbove, candidatesWithProductAbove, clip01 } from './anchor-select.js';

/** Scores around a threshold: exact hits, float32 neighbours, out-of-range values and NaN. */
const score = (threshold: number) =>
  fc.oneof(
    fc.float({ noDefaultInfinity: true, min: -2, max: 2 }),
    fc.constantFrom(
      Math.fround(threshold),
      Math.fround(threshold * (1 + 2 ** -23)),
      Math.fround(threshold * (1 - 2 ** -23)),
      Number.NaN,
      0,
      1,
    ),
  );

function exact(n: number, keep: (i: number) => boolean): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i++) if (keep(i)) out.push(i);
  return out;
}

/** Candidates must contain every exact index, ascending, and add only values within float32 rounding. */
function expectSuperset(
  candidates: Int32Array,
  exactIndices: number[],
  value: (i: number) => number,
  threshold: number,
) {
  const list = Array.from(candidates);
  expect(list).toEqual([...list].sort((a, b) => a - b));
  for (const i of exactIndices) expect(list).toContain(i);
  for (const i of list) {
    if (!exactIndices.includes(i)) expect(value(i)).toBeGreaterThanOrEqual(threshold * (1 - 2 ** -19));
  }
}

describe(candidatesAbove.name, () => {
  it('finds every score not below the threshold (NaN included), on odd lengths too', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(0.5, 0.45, 0.6, 0.3),
        fc.integer({ min: 0, max: 70 }),
        fc.integer(),
        (threshold, n, seed) => {
          const values =
            fc.sample(fc.array(score(threshold), { minLength: n, maxLength: n }), { seed, numRuns: 1 })[0] ??
            [];
          const scores = Float32Array.from(values);
          const found = candidatesAbove(scores, threshold);
          expectSuperset(
            found,
            exact(n, (i) => !((scores[i] as number) < threshold)),
            (i) => scores[i] as number,
            threshold,
          );
        },
      ),
      { numRuns: 300 },
    );
  });

  it('keeps nothing from an all-low frame and everything from an all-high one', () => {
    expect(candidatesAbove(new Float32Array(16_800).fill(0.01), 0.5)).toHaveLength(0);
    expect(candidatesAbove(new Float32Array(4_201).fill(0.9), 0.5)).toHaveLength(4_201);
  });
});

describe(candidatesWithProductAbove.name, () => {
  it('finds every anchor whose clipped cls·obj is not below the threshold', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(0.36, 0.25, 0.81),
        fc.integer({ min: 0, max: 70 }),
        fc.integer(),
        (threshold, n, seed) => {
          const sample = (s: number) =>
            Float32Array.from(
              fc.sample(fc.array(score(Math.sqrt(threshold)), { minLength: n, maxLength: n }), {
                seed: s,
                numRuns: 1,
              })[0] ?? [],
            );
          const cls = sample(seed);
          const obj = sample(seed + 1);
          const product = (i: number) => clip01(cls[i] as number) * clip01(obj[i] as number);
          const found = candidatesWithProductAbove(cls, obj, threshold);
          expectSuperset(
            found,
            exact(n, (i) => !(product(i) < threshold)),
            product,
            threshold,
          );
        },
      ),
      { numRuns: 300 },
    );
  });
});
