import { describe, expect, it } from 'vitest';
import { candidateFace, type FaceCandidates } from './face-candidates.js';
import { nonMaxSuppression } from './nms.js';

/** 10×10 boxes at `x` with the given scores. */
function candidates(...faces: [x: number, score: number][]): FaceCandidates {
  return {
    scores: faces.map(([, score]) => score),
    boxes: faces.flatMap(([x]) => [x, 0, x + 10, 10]),
    landmarks: faces.flatMap(() => new Array<number>(10).fill(0)),
  };
}

describe(nonMaxSuppression.name, () => {
  it('drops overlapping weaker boxes and keeps separate ones, best first', () => {
    const found = candidates([0, 0.7], [1, 0.9], [50, 0.8]);
    expect(nonMaxSuppression(found, 0.4).map((i) => found.scores[i])).toEqual([0.9, 0.8]);
  });

  it('keeps boxes whose overlap is below the threshold', () => {
    expect(nonMaxSuppression(candidates([0, 0.9], [8, 0.8]), 0.4)).toHaveLength(2);
  });

  it('judges each box only against kept ones (a suppressed box suppresses nothing)', () => {
    // 0 suppresses 6 (IoU 0.25 > 0.2); 6 would suppress 12, but 12 overlaps nothing kept.
    expect(nonMaxSuppression(candidates([0, 0.9], [6, 0.8], [12, 0.7]), 0.2)).toEqual([0, 2]);
  });

  it('keeps the earlier of equal scores first, like a stable sort', () => {
    expect(nonMaxSuppression(candidates([0, 0.8], [50, 0.8], [100, 0.9]), 0.4)).toEqual([2, 0, 1]);
  });
});

describe(candidateFace.name, () => {
  it('maps a candidate back to frame coordinates by the letterbox scale', () => {
    const found: FaceCandidates = {
      scores: [0.9],
      boxes: [10, 20, 30, 40],
      landmarks: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
    };
    expect(candidateFace(found, 0, 0.5)).toEqual({
      box: [20, 40, 60, 80],
      score: 0.9,
      landmarks: [
        [2, 4],
        [6, 8],
        [10, 12],
        [14, 16],
        [18, 20],
      ],
    });
  });
});
