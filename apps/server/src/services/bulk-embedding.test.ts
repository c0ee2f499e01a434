import { encodeEmbedding, type EmbeddingWire } from '@attendance/protocol';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.js';
import { toUnitEmbeddingBulk } from './bulk-embedding.js';
import { toUnitEmbedding } from './embedding-input.js';

type Outcome = { bits: number[] } | { code: string; message: string };

function outcome(decode: () => Float32Array): Outcome {
  try {
    return { bits: Array.from(new Uint32Array(decode().buffer)) };
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    return { code: error.code, message: error.message };
  }
}

/** The fast path must answer exactly what `toUnitEmbedding` answers: the same bits, or the same error. */
function expectSame(wire: EmbeddingWire, dim: number | undefined): Outcome {
  const fast = outcome(() => toUnitEmbeddingBulk(wire, dim, 'x'));
  expect(fast).toEqual(outcome(() => toUnitEmbedding(wire, dim, 'x')));
  return fast;
}

const f32 = (values: number[]): EmbeddingWire => encodeEmbedding(values, 'float32');
/** Any string the wire schema lets through: the base64 alphabet, then at most two `=`. */
const schemaBase64 = fc
  .tuple(fc.stringMatching(/^[A-Za-z0-9+/]{0,24}$/), fc.constantFrom('', '=', '=='))
  .map(([body, padding]) => body + padding);

describe(toUnitEmbeddingBulk.name, () => {
  it('is bit-identical to toUnitEmbedding for float32 base64 vectors of any scale', () => {
    fc.assert(
      fc.property(
        fc.array(fc.float({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }), {
          minLength: 1,
          maxLength: 64,
        }),
        (values) => {
          expectSame(f32(values), undefined);
          expectSame(f32(values), values.length);
        },
      ),
    );
  });

  it('answers every malformed or unusable input with the same code and message', () => {
    const cases: [EmbeddingWire, number | undefined, string][] = [
      [{ dtype: 'float32', base64: 'AAAAA' }, undefined, 'embedding_encoding_invalid'], // lone last char
      [{ dtype: 'float32', base64: 'AAAAAA=' }, undefined, 'embedding_encoding_invalid'], // padding off a quad
      [{ dtype: 'float32', base64: 'AAAAAAA=' }, undefined, 'embedding_encoding_invalid'], // 5 bytes
      [{ dtype: 'float32', base64: '' }, undefined, 'embedding_encoding_invalid'],
      [f32([Number.NaN, 1]), undefined, 'embedding_not_finite'],
      [f32([1, Number.POSITIVE_INFINITY]), undefined, 'embedding_not_finite'],
      [f32([0, 0, 0]), undefined, 'embedding_zero_norm'],
      [f32([1, 2, 3]), 4, 'embedding_dimension_mismatch'],
    ];
    for (const [wire, dim, code] of cases) {
      expect(expectSame(wire, dim)).toMatchObject({ code });
    }
  });

  it('agrees with toUnitEmbedding on arbitrary schema-valid base64 (float32 and float16)', () => {
    fc.assert(
      fc.property(schemaBase64, fc.constantFrom('float32', 'float16'), (base64, dtype) => {
        expectSame({ dtype, base64 }, undefined);
      }),
      { numRuns: 2000 },
    );
  });

  it('passes JSON number arrays and float16 through the shared decoder', () => {
    expect(expectSame([3, 4], 2)).toEqual({
      bits: Array.from(new Uint32Array(new Float32Array([0.6, 0.8]).buffer)),
    });
    expectSame(encodeEmbedding([0.5, -0.25, 1], 'float16'), 3);
  });
});
