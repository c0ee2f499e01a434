import { decodeEmbedding, EmbeddingDecodeError, l2Norm, type EmbeddingWire } from '@attendance/protocol';
import { AppError } from '../errors.js';

/**
 * Decodes a wire embedding, checks it is finite, non-zero and (when given) of `expectedDim` values, and
 * returns it L2-normalised: every stored template and probe has unit length, so cosine distance is exact
 * and clients need not normalise. `label` names the field in error messages (e.g. `faces[2].embedding`).
 */
export function toUnitEmbedding(
  wire: EmbeddingWire,
  expectedDim: number | undefined,
  label: string,
): Float32Array {
  let values: Float32Array;
  try {
    values = decodeEmbedding(wire);
  } catch (error) {
    if (error instanceof EmbeddingDecodeError) throw new AppError(error.code, `${label}: ${error.message}`);
    throw error;
  }
  if (expectedDim !== undefined && values.length !== expectedDim) {
    throw new AppError(
      'embedding_dimension_mismatch',
      `${label} has ${values.length} values; the model expects ${expectedDim}`,
    );
  }
  const norm = l2Norm(values);
  if (!(norm > 1e-12) || !Number.isFinite(norm)) {
    throw new AppError('embedding_zero_norm', `${label} has zero (or unusable) length`);
  }
  for (let i = 0; i < values.length; i++) values[i] = (values[i] ?? 0) / norm;
  return values;
}
