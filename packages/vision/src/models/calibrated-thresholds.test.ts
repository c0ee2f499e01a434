import { CALIBRATED_THRESHOLDS } from '@attendance/protocol';
import { describe, expect, it } from 'vitest';
import { KNOWN_MODELS } from './known-models.js';
import { modelIdOf } from './model-spec.js';

describe('calibrated thresholds shared with the server', () => {
  const recognizers = Object.entries(KNOWN_MODELS).flatMap(([sha256, spec]) =>
    spec.kind === 'recognizer'
      ? [{ id: modelIdOf(spec.name, sha256), threshold: spec.defaultThreshold }]
      : [],
  );

  it('lists every known recognizer with the threshold the pipeline reports', () => {
    expect(recognizers.length).toBeGreaterThan(0);
    expect(Object.fromEntries(recognizers.map((r) => [r.id, r.threshold]))).toEqual(CALIBRATED_THRESHOLDS);
  });
});
