import { describe, expect, it } from 'vitest';
import { fuseEmbeddings, sampleQuality } from './embedding-fusion.js';

const unit = (...values: number[]) => {
  const norm = Math.hypot(...values);
  return Float32Array.from(values.map((v) => v / norm));
};

describe(fuseEmbeddings.name, () => {
  it('returns the re-normalised mean of the best samples', () => {
    const fused = fuseEmbeddings(
      [
        { embedding: unit(1, 0), quality: 0.9 },
        { embedding: unit(0, 1), quality: 0.8 },
        { embedding: unit(-1, 0), quality: 0.1 },
      ],
      2,
    );
    expect(fused).not.toBeNull();
    expect(fused?.[0]).toBeCloseTo(Math.SQRT1_2, 6);
    expect(fused?.[1]).toBeCloseTo(Math.SQRT1_2, 6);
    expect(Math.hypot(...(fused ?? []))).toBeCloseTo(1, 6);
  });

  it('uses at least one sample and returns null without samples', () => {
    expect(fuseEmbeddings([], 3)).toBeNull();
    expect(Array.from(fuseEmbeddings([{ embedding: unit(0, 2), quality: 1 }], 0) ?? [])).toEqual([0, 1]);
  });

  it('refuses embeddings of different dimensions', () => {
    expect(() =>
      fuseEmbeddings(
        [
          { embedding: unit(1, 0), quality: 1 },
          { embedding: unit(1, 0, 0), quality: 1 },
        ],
        2,
      ),
    ).toThrow(/dimensions/);
  });
});

describe(sampleQuality.name, () => {
  it('ranks larger and more confident faces higher, within [0, 1]', () => {
    expect(sampleQuality({ score: 0.9, faceWidth: 200 })).toBeCloseTo(0.9);
    expect(sampleQuality({ score: 0.9, faceWidth: 56 })).toBeCloseTo(0.45);
    expect(sampleQuality({ score: 1.5, faceWidth: 500 })).toBe(1);
  });
});
