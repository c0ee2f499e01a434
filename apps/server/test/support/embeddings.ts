import { l2Normalize } from '@attendance/protocol';

/** A deterministic pseudo-random generator (mulberry32), so failures reproduce. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal sample (Box–Muller). */
function gaussian(random: () => number): number {
  const u = Math.max(random(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

/** A random unit vector of `dim` values; in high dimensions two of them are nearly orthogonal. */
export function randomUnitVector(dim: number, random: () => number = Math.random): number[] {
  return Array.from(l2Normalize(Array.from({ length: dim }, () => gaussian(random))));
}

/**
 * A unit vector whose cosine similarity to `base` is exactly `cosine` (up to float rounding):
 * cosine·b̂ + sin·u, with u a random unit vector orthogonal to b̂.
 */
export function vectorAtCosine(
  base: readonly number[],
  cosine: number,
  random: () => number = Math.random,
): number[] {
  const b = l2Normalize(base);
  const r = randomUnitVector(base.length, random);
  let dot = 0;
  for (let i = 0; i < b.length; i++) dot += (b[i] ?? 0) * (r[i] ?? 0);
  const orthogonal = l2Normalize(r.map((value, i) => value - dot * (b[i] ?? 0)));
  const sine = Math.sqrt(Math.max(0, 1 - cosine * cosine));
  return Array.from(b, (value, i) => cosine * value + sine * (orthogonal[i] ?? 0));
}
