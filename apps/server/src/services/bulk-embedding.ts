import type { EmbeddingWire } from '@attendance/protocol';
import { toUnitEmbedding } from './embedding-input.js';

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

const EQUALS = 0x3d;

/**
 * Bytes a base64 string decodes to when `atob` (forgiving base64) accepts it, else undefined. The schema
 * already allows only the alphabet plus up to two trailing `=`, so what is left to check is the padding:
 * only on a length that is a multiple of 4, and no lone trailing character.
 */
function decodedLength(base64: string): number | undefined {
  let length = base64.length;
  if (length % 4 === 0 && base64.charCodeAt(length - 1) === EQUALS) {
    length -= base64.charCodeAt(length - 2) === EQUALS ? 2 : 1;
  }
  if (length % 4 === 1 || base64.charCodeAt(length - 1) === EQUALS) return undefined;
  return Math.floor((length * 3) / 4);
}

/**
 * {@link toUnitEmbedding} for bulk imports, with a native fast path for the common wire form (float32
 * base64 on a little-endian machine): Node's base64 decoder writes straight into the Float32Array and one
 * loop checks finiteness and the norm, instead of `atob` and a per-character copy (~4× the CPU per
 * template). The result is bit-identical; every other form, and any input the fast path would reject, goes
 * through `toUnitEmbedding`, so errors keep their codes and messages.
 */
export function toUnitEmbeddingBulk(
  wire: EmbeddingWire,
  expectedDim: number | undefined,
  label: string,
): Float32Array {
  if (Array.isArray(wire) || wire.dtype !== 'float32' || !LITTLE_ENDIAN) {
    return toUnitEmbedding(wire, expectedDim, label);
  }
  const bytes = decodedLength(wire.base64);
  const count = bytes === undefined ? 0 : bytes / 4;
  if (!Number.isInteger(count) || count === 0 || (expectedDim !== undefined && count !== expectedDim)) {
    return toUnitEmbedding(wire, expectedDim, label);
  }
  const values = new Float32Array(count);
  const written = Buffer.from(values.buffer).write(wire.base64, 0, count * 4, 'base64');
  let sum = 0;
  for (let i = 0; i < count; i++) {
    const value = values[i] ?? 0;
    sum += value ** 2;
  }
  const norm = Math.sqrt(sum);
  // NaN/±Infinity make the sum non-finite; the slow path names which check failed.
  if (written !== count * 4 || !Number.isFinite(norm) || !(norm > 1e-12)) {
    return toUnitEmbedding(wire, expectedDim, label);
  }
  for (let i = 0; i < count; i++) values[i] = (values[i] ?? 0) / norm;
  return values;
}
