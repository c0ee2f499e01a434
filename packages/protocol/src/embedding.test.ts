import { describe, expect, it } from 'vitest';
import {
  cosineSimilarity,
  decodeEmbedding,
  EmbeddingDecodeError,
  EmbeddingWireSchema,
  encodeEmbedding,
  float16ToFloat32,
  float32ToFloat16,
  l2Norm,
  l2Normalize,
} from './embedding.js';

function randomUnitVector(dim: number, seed: number): Float32Array {
  let state = seed;
  const next = () => {
    state = (state * 1664525 + 1013904223) % 2 ** 32;
    return state / 2 ** 32 - 0.5;
  };
  return l2Normalize(Array.from({ length: dim }, next));
}

function base64Of(bytes: number[]): string {
  return btoa(String.fromCharCode(...bytes));
}

describe('embedding wire forms', () => {
  it('round-trips float32 exactly', () => {
    const values = randomUnitVector(512, 1);
    const decoded = decodeEmbedding(encodeEmbedding(values, 'float32'));
    expect(Array.from(decoded)).toEqual(Array.from(values));
  });

  it('round-trips float16 with cosine above 0.9999 and half the bytes', () => {
    const values = randomUnitVector(512, 2);
    const f16 = encodeEmbedding(values, 'float16');
    const f32 = encodeEmbedding(values, 'float32');
    expect(cosineSimilarity(decodeEmbedding(f16), values)).toBeGreaterThan(0.9999);
    expect(atob(f16.base64).length).toBe(1024);
    expect(atob(f32.base64).length).toBe(2048);
  });

  it('decodes JSON number arrays', () => {
    expect(Array.from(decodeEmbedding([0.5, -0.25]))).toEqual([0.5, -0.25]);
  });

  it('rejects NaN smuggled through base64 float32', () => {
    const nan = new Uint8Array(new Float32Array([Number.NaN, 1]).buffer);
    const wire = { dtype: 'float32' as const, base64: base64Of(Array.from(nan)) };
    expect(() => decodeEmbedding(wire)).toThrowError(EmbeddingDecodeError);
    try {
      decodeEmbedding(wire);
    } catch (error) {
      expect((error as EmbeddingDecodeError).code).toBe('embedding_not_finite');
    }
  });

  it('rejects Infinity smuggled through base64 float16', () => {
    const wire = { dtype: 'float16' as const, base64: base64Of([0x00, 0x7c, 0x00, 0x3c]) };
    expect(() => decodeEmbedding(wire)).toThrowError(/NaN or Infinity/);
  });

  it('rejects a byte length that is not a whole number of values', () => {
    const wire = { dtype: 'float32' as const, base64: base64Of([1, 2, 3]) };
    expect(() => decodeEmbedding(wire)).toThrowError(/not a whole number/);
  });

  it('schema refuses NaN, unknown dtypes and extra fields', () => {
    expect(EmbeddingWireSchema.safeParse([1, Number.NaN]).success).toBe(false);
    expect(EmbeddingWireSchema.safeParse({ dtype: 'float64', base64: 'AAAA' }).success).toBe(false);
    expect(EmbeddingWireSchema.safeParse({ dtype: 'float32', base64: 'AAAA', x: 1 }).success).toBe(false);
    expect(EmbeddingWireSchema.safeParse({ dtype: 'float32', base64: 'not base64!' }).success).toBe(false);
  });
});

describe('float16 conversion', () => {
  it.each([0, 1, -2, 0.5, 65504, 6.103515625e-5, 5.960464477539063e-8])('keeps %d exact', (value) => {
    expect(float16ToFloat32(float32ToFloat16(value))).toBe(value);
  });

  it('rounds to the nearest representable half', () => {
    expect(float16ToFloat32(float32ToFloat16(0.1))).toBeCloseTo(0.1, 3);
    expect(float16ToFloat32(float32ToFloat16(1e6))).toBe(Number.POSITIVE_INFINITY);
  });
});

describe('vector helpers', () => {
  it('normalises to unit length', () => {
    expect(l2Norm(l2Normalize([3, 4]))).toBeCloseTo(1, 6);
  });

  it('cosine similarity is scale-invariant and signed', () => {
    expect(cosineSimilarity([1, 0], [5, 0])).toBeCloseTo(1, 6);
    expect(cosineSimilarity([1, 0], [-1, 0])).toBeCloseTo(-1, 6);
    expect(cosineSimilarity([1, 0], [0, 2])).toBeCloseTo(0, 6);
  });
});
