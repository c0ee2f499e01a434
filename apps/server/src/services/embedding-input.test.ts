import { encodeEmbedding, l2Norm } from '@attendance/protocol';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.js';
import { toUnitEmbedding } from './embedding-input.js';

const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return error instanceof AppError ? error.code : 'other';
  }
  return 'none';
};

describe(toUnitEmbedding.name, () => {
  it('normalises any finite non-zero vector to unit length, from every wire form', () => {
    fc.assert(
      fc.property(
        fc.array(fc.float({ min: -100, max: 100, noNaN: true }), { minLength: 4, maxLength: 64 }),
        (values) => {
          fc.pre(l2Norm(values) > 1e-3);
          for (const wire of [values, encodeEmbedding(values, 'float32')]) {
            expect(l2Norm(toUnitEmbedding(wire, values.length, 'e'))).toBeCloseTo(1, 4);
          }
        },
      ),
    );
  });

  it('rejects wrong dimension, NaN, zero norm and broken base64 with stable codes', () => {
    expect(codeOf(() => toUnitEmbedding([1, 2, 3], 4, 'e'))).toBe('embedding_dimension_mismatch');
    expect(codeOf(() => toUnitEmbedding(encodeEmbedding([1, Number.NaN], 'float32'), 2, 'e'))).toBe(
      'embedding_not_finite',
    );
    expect(
      codeOf(() => toUnitEmbedding(encodeEmbedding([1, Number.POSITIVE_INFINITY], 'float16'), 2, 'e')),
    ).toBe('embedding_not_finite');
    expect(codeOf(() => toUnitEmbedding([0, 0, 0], 3, 'e'))).toBe('embedding_zero_norm');
    expect(codeOf(() => toUnitEmbedding({ dtype: 'float32', base64: 'AAA=' }, undefined, 'e'))).toBe(
      'embedding_encoding_invalid',
    );
  });

  it('names the offending field in the message', () => {
    expect(() => toUnitEmbedding([1], 2, 'faces[3].embedding')).toThrow(/faces\[3\]\.embedding/);
  });
});
