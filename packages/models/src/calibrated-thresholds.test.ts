import { CALIBRATED_THRESHOLDS } from '@attendance/protocol';
import { describe, expect, it } from 'vitest';
import { KNOWN_MODELS } from './known-models.js';
import { recognizerModelId } from './model-spec.js';
import { BUILTIN_PACKS, packOfModelId } from './model-packs.js';

describe('calibrated thresholds shared with the server', () => {
  const recognizers = Object.entries(KNOWN_MODELS).flatMap(([sha256, spec]) =>
    spec.kind === 'recognizer'
      ? [{ id: recognizerModelId(spec, sha256), threshold: spec.defaultThreshold }]
      : [],
  );

  it('lists every known recognizer with the threshold the pipeline reports', () => {
    expect(recognizers.length).toBeGreaterThan(0);
    expect(Object.fromEntries(recognizers.map((r) => [r.id, r.threshold]))).toEqual(CALIBRATED_THRESHOLDS);
  });
});

describe('packOfModelId', () => {
  it('maps every local pack’s recognizer model id to the pack (with its licence) and knows its threshold', () => {
    for (const pack of Object.values(BUILTIN_PACKS)) {
      if (pack.source !== 'local') continue;
      expect(packOfModelId(pack.recognizerModelId)).toBe(pack);
      expect(CALIBRATED_THRESHOLDS[pack.recognizerModelId]).toEqual(expect.any(Number));
    }
    expect(packOfModelId('intel-reid-0095-256@20c1601d')).toMatchObject({
      name: 'open-256',
      licenceClean: true,
    });
    expect(packOfModelId('someone-else@00000000')).toBeUndefined();
  });
});
