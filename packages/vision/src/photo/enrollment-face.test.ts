import { describe, expect, it } from 'vitest';
import type { AnalyzedFace, QualityFailure } from '../types.js';
import { chooseEnrollmentFace } from './enrollment-face.js';

const tooDark: QualityFailure = { reason: 'too_dark', check: 'brightness', value: 20, limit: 40 };

/** A face `width` px wide at x = `x`; passing with an embedding unless `failures` are given. */
function face(width: number, x = 0, failures: QualityFailure[] = []): AnalyzedFace {
  const ok = failures.length === 0;
  return {
    box: [x, 0, x + width, width],
    score: 0.9,
    landmarks: [],
    quality: {
      ok,
      reasons: failures.map((failure) => failure.reason),
      failures,
      brightness: 120,
      faceWidth: width,
      score: 0.9,
      blur: 200,
      yaw: 0,
      pitch: 0,
    },
    embedding: ok ? new Float32Array([width]) : null,
  } as unknown as AnalyzedFace;
}

describe(chooseEnrollmentFace.name, () => {
  it('takes the single passing face', () => {
    const choice = chooseEnrollmentFace([face(120)]);
    expect('embedding' in choice && choice.embedding[0]).toBe(120);
  });

  it('takes the largest face when it is clearly larger than a bystander, in any order', () => {
    const choice = chooseEnrollmentFace([face(60, 300), face(150)]);
    expect('embedding' in choice && choice.embedding[0]).toBe(150);
  });

  it('refuses faces of similar size as ambiguous', () => {
    expect(chooseEnrollmentFace([face(100), face(90, 300)])).toEqual({
      kind: 'several_faces',
      reason: '2 faces of similar size (100 and 90 px wide); use a photo of one person',
    });
  });

  it('ignores a failing face of similar size', () => {
    const choice = chooseEnrollmentFace([face(150), face(140, 300, [tooDark])]);
    expect('embedding' in choice && choice.embedding[0]).toBe(150);
  });

  it('names the largest face’s failed checks when no face passes, and says when there is none', () => {
    const refused = chooseEnrollmentFace([face(150, 0, [tooDark]), face(40, 300, [tooDark])], (f) => f.check);
    expect(refused).toEqual({ kind: 'too_dark', reason: 'brightness' });
    expect(chooseEnrollmentFace([])).toEqual({ kind: 'no_face', reason: 'no face found' });
  });
});
