import { MODEL_ID_PATTERN } from '@attendance/protocol';
import { createHash } from 'node:crypto';

/** pgvector text literal `[x,y,…]` for a `$n::vector(dim)` parameter. */
export function toVectorLiteral(values: ArrayLike<number>): string {
  return `[${Array.prototype.join.call(values, ',')}]`;
}

/**
 * The model id as an inline SQL string literal. The partial HNSW index is defined `WHERE model = '<id>'`,
 * and the planner only matches it when the query carries the same literal, not a bind parameter.
 * Ids are validated against MODEL_ID_PATTERN (no quotes possible) and quotes are doubled anyway.
 */
export function modelLiteral(model: string): string {
  if (!MODEL_ID_PATTERN.test(model)) throw new Error('invalid model id');
  return `'${model.replaceAll("'", "''")}'`;
}

/** A dimension as an inline integer for `vector(dim)`; types cannot be bind parameters. */
export function dimLiteral(dim: number): string {
  if (!Number.isInteger(dim) || dim < 1 || dim > 2000) throw new Error('invalid vector dimension');
  return String(dim);
}

/** Stable, identifier-safe name of a model's HNSW index (model ids may contain `@ : + .`). */
export function hnswIndexName(model: string): string {
  return `face_template_hnsw_${createHash('sha256').update(model).digest('hex').slice(0, 16)}`;
}
