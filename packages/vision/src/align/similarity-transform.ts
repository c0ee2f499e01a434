import type { Point } from '../types.js';

/** Row-major 2×3 affine matrix `[a, b, tx, c, d, ty]`: x' = a·x + b·y + tx, y' = c·x + d·y + ty. */
export type Affine2x3 = readonly [number, number, number, number, number, number];

/**
 * Least-squares similarity transform (rotation, uniform scale, translation; no reflection) mapping `from`
 * onto `to` — Umeyama's estimate, in the closed form it takes in 2-D.
 * @example estimateSimilarity(faceLandmarks, ARCFACE_112.points) // frame → aligned-face coordinates
 */
export function estimateSimilarity(from: readonly Point[], to: readonly Point[]): Affine2x3 {
  const n = Math.min(from.length, to.length);
  if (n < 2) throw new Error('need at least 2 point pairs');
  let fx = 0,
    fy = 0,
    tx = 0,
    ty = 0;
  for (let i = 0; i < n; i++) {
    const [x, y] = from[i] as Point;
    const [u, v] = to[i] as Point;
    fx += x;
    fy += y;
    tx += u;
    ty += v;
  }
  fx /= n;
  fy /= n;
  tx /= n;
  ty /= n;
  let dot = 0,
    cross = 0,
    norm = 0;
  for (let i = 0; i < n; i++) {
    const [x, y] = from[i] as Point;
    const [u, v] = to[i] as Point;
    const sx = x - fx,
      sy = y - fy,
      dx = u - tx,
      dy = v - ty;
    dot += sx * dx + sy * dy;
    cross += sx * dy - sy * dx;
    norm += sx * sx + sy * sy;
  }
  if (norm === 0) throw new Error('landmarks are all at one point');
  const a = dot / norm;
  const b = cross / norm;
  return [a, -b, tx - (a * fx - b * fy), b, a, ty - (b * fx + a * fy)];
}

export function applyAffine(m: Affine2x3, [x, y]: Point): Point {
  return [m[0] * x + m[1] * y + m[2], m[3] * x + m[4] * y + m[5]];
}

/** Inverse of an invertible affine matrix. */
export function invertAffine(m: Affine2x3): Affine2x3 {
  const det = m[0] * m[4] - m[1] * m[3];
  if (det === 0) throw new Error('affine matrix is singular');
  const a = m[4] / det,
    b = -m[1] / det,
    c = -m[3] / det,
    d = m[0] / det;
  return [a, b, -(a * m[2] + b * m[5]), c, d, -(c * m[2] + d * m[5])];
}
