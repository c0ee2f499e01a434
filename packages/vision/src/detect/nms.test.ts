import { describe, expect, it } from 'vitest';
import type { DetectedFace } from '../types.js';
import { nonMaxSuppression } from './nms.js';

const face = (x: number, score: number): DetectedFace => ({ box: [x, 0, x + 10, 10], score, landmarks: [] });

describe(nonMaxSuppression.name, () => {
  it('drops overlapping weaker boxes and keeps separate ones, best first', () => {
    const kept = nonMaxSuppression([face(0, 0.7), face(1, 0.9), face(50, 0.8)], 0.4);
    expect(kept.map((f) => f.score)).toEqual([0.9, 0.8]);
  });

  it('keeps boxes whose overlap is below the threshold', () => {
    expect(nonMaxSuppression([face(0, 0.9), face(8, 0.8)], 0.4)).toHaveLength(2);
  });
});
