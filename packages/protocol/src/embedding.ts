import { z } from 'zod';
import { MAX_EMBEDDING_DIM } from './constants.js';

/**
 * An embedding on the wire: either a JSON array of numbers, or a compact base64 form of little-endian
 * float32 (4 bytes/value) or float16 (2 bytes/value). A 512-d float16 embedding is 1,368 base64 characters
 * instead of ~5–10 KB of JSON numbers.
 */
export const CompactEmbeddingSchema = z.strictObject({
  dtype: z
    .enum(['float32', 'float16'])
    .describe('Number format of the bytes: float32 or float16, little-endian'),
  base64: z
    .string()
    .max(Math.ceil((MAX_EMBEDDING_DIM * 4) / 3) + 4)
    .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'must be standard base64')
    .describe("The embedding's values as standard base64"),
});
export type CompactEmbedding = z.infer<typeof CompactEmbeddingSchema>;

/** `z.number()` already rejects NaN and ±Infinity, which JSON cannot carry anyway. */
export const EmbeddingArraySchema = z.array(z.number()).min(1).max(MAX_EMBEDDING_DIM);

export const EmbeddingWireSchema = z.union([EmbeddingArraySchema, CompactEmbeddingSchema]);
export type EmbeddingWire = z.infer<typeof EmbeddingWireSchema>;

export class EmbeddingDecodeError extends Error {
  constructor(
    readonly code: 'embedding_encoding_invalid' | 'embedding_not_finite',
    message: string,
  ) {
    super(message);
    this.name = 'EmbeddingDecodeError';
  }
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function base64ToBytes(base64: string): Uint8Array {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

/** IEEE 754 half → single precision. */
export function float16ToFloat32(half: number): number {
  const sign = half & 0x8000 ? -1 : 1;
  const exponent = (half >> 10) & 0x1f;
  const fraction = half & 0x3ff;
  if (exponent === 0) return sign * 2 ** -14 * (fraction / 1024);
  if (exponent === 0x1f) return fraction ? Number.NaN : sign * Number.POSITIVE_INFINITY;
  return sign * 2 ** (exponent - 15) * (1 + fraction / 1024);
}

/** Single → half precision, round to nearest even; values beyond the half range become ±Infinity. */
export function float32ToFloat16(value: number): number {
  const f32 = new Float32Array([value]);
  const bits = new Uint32Array(f32.buffer)[0] ?? 0;
  const sign = (bits >>> 16) & 0x8000;
  const exponent = ((bits >>> 23) & 0xff) - 127 + 15;
  const mantissa = bits & 0x7fffff;
  if (((bits >>> 23) & 0xff) === 0xff) return sign | 0x7c00 | (mantissa ? 0x200 : 0);
  if (exponent >= 0x1f) return sign | 0x7c00;
  if (exponent <= 0) {
    if (exponent < -10) return sign;
    const m = (mantissa | 0x800000) >>> (1 - exponent);
    return sign | ((m + 0xfff + ((m >>> 13) & 1)) >>> 13);
  }
  const rounded = (exponent << 10) | (mantissa >>> 13);
  const remainder = mantissa & 0x1fff;
  const roundUp = remainder > 0x1000 || (remainder === 0x1000 && (rounded & 1) === 1);
  return sign | (rounded + (roundUp ? 1 : 0));
}

/**
 * Decodes any wire form into a Float32Array. Throws {@link EmbeddingDecodeError} for malformed base64,
 * a byte length that is not a whole number of values, or a non-finite value.
 */
export function decodeEmbedding(wire: EmbeddingWire): Float32Array {
  if (Array.isArray(wire)) {
    const values = Float32Array.from(wire);
    assertFinite(values);
    return values;
  }
  let bytes: Uint8Array;
  try {
    bytes = base64ToBytes(wire.base64);
  } catch {
    throw new EmbeddingDecodeError('embedding_encoding_invalid', 'embedding.base64 is not valid base64');
  }
  const width = wire.dtype === 'float32' ? 4 : 2;
  if (bytes.length === 0 || bytes.length % width !== 0) {
    throw new EmbeddingDecodeError(
      'embedding_encoding_invalid',
      `embedding.base64 decodes to ${bytes.length} bytes, not a whole number of ${wire.dtype} values`,
    );
  }
  // Fast path (bulk imports): float32 on a little-endian machine is already the in-memory layout.
  if (width === 4 && LITTLE_ENDIAN && bytes.byteOffset === 0) {
    const values = new Float32Array(bytes.buffer, 0, bytes.length / 4);
    assertFinite(values);
    return values;
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const values = new Float32Array(bytes.length / width);
  for (let i = 0; i < values.length; i++) {
    values[i] = width === 4 ? view.getFloat32(i * 4, true) : float16ToFloat32(view.getUint16(i * 2, true));
  }
  assertFinite(values);
  return values;
}

/** Encodes an embedding in the compact wire form (little-endian). */
export function encodeEmbedding(values: ArrayLike<number>, dtype: 'float32' | 'float16'): CompactEmbedding {
  const width = dtype === 'float32' ? 4 : 2;
  const bytes = new Uint8Array(values.length * width);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < values.length; i++) {
    const value = values[i] ?? 0;
    if (width === 4) view.setFloat32(i * 4, value, true);
    else view.setUint16(i * 2, float32ToFloat16(value), true);
  }
  return { dtype, base64: bytesToBase64(bytes) };
}

function assertFinite(values: Float32Array): void {
  for (const value of values) {
    if (!Number.isFinite(value)) {
      throw new EmbeddingDecodeError('embedding_not_finite', 'embedding contains NaN or Infinity');
    }
  }
}

/** Euclidean norm. */
export function l2Norm(values: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += (values[i] ?? 0) ** 2;
  return Math.sqrt(sum);
}

/** Returns a unit-length copy. The caller must reject zero vectors first. */
export function l2Normalize(values: ArrayLike<number>): Float32Array {
  const norm = l2Norm(values);
  const out = new Float32Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = (values[i] ?? 0) / norm;
  return out;
}

/** Cosine similarity in [-1, 1]; 1 = same direction. */
export function cosineSimilarity(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let dot = 0;
  for (let i = 0; i < a.length; i++) dot += (a[i] ?? 0) * (b[i] ?? 0);
  return dot / (l2Norm(a) * l2Norm(b));
}
