import { MODEL_ID_PATTERN } from '@attendance/protocol';
import { createHash } from 'node:crypto';

/** pgvector text literal `[x,y,…]` for a `$n::vector(dim)` parameter. */
export function toVectorLiteral(values: ArrayLike<number>): string {
  return `[${Array.prototype.join.call(values, ',')}]`;
}

/**
 * A vector bind parameter that each driver sends in its best form: `pg` calls `toPostgres()` and sends
 * the Buffer in binary (pgvector's vector_recv format: int16 dim, int16 0, big-endian float4), so neither
 * side formats or parses 512 decimal numbers (~0.1 ms each way per probe); PGlite stringifies parameters
 * and gets the text literal. Both arrive as exactly the same float32 values.
 */
export class VectorParam {
  constructor(readonly values: Float32Array) {}

  toPostgres(): Buffer {
    const { values } = this;
    const bytes = Buffer.allocUnsafe(4 + values.length * 4);
    bytes.writeInt16BE(values.length, 0);
    bytes.writeInt16BE(0, 2);
    const floats = bytes.subarray(4);
    floats.set(new Uint8Array(values.buffer, values.byteOffset, values.length * 4));
    if (LITTLE_ENDIAN) floats.swap32();
    return bytes;
  }

  toString(): string {
    return toVectorLiteral(this.values);
  }
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

const FLOAT4_OID = 700;

/**
 * Vectors concatenated as ONE `float4[]` parameter in PostgreSQL's binary array format, for bulk inserts:
 * both drivers send a byte-array parameter in binary, so the server neither formats nor parses 512 decimal
 * numbers per template (3× faster than text literals at 1,500 templates per statement). SQL slices it back
 * into vectors: `(($n::float4[])[(i - 1) * dim + 1 : i * dim])::vector(dim)`.
 */
export function toFloat4ArrayParam(vectors: readonly Float32Array[]): Uint8Array {
  const count = vectors.reduce((n, v) => n + v.length, 0);
  const bytes = new Uint8Array(20 + count * 8);
  const view = new DataView(bytes.buffer);
  // Header: 1 dimension, no NULLs, element type, length, lower bound 1; then (int32 length, float4) pairs.
  view.setInt32(0, 1);
  view.setInt32(4, 0);
  view.setInt32(8, FLOAT4_OID);
  view.setInt32(12, count);
  view.setInt32(16, 1);
  let at = 20;
  for (const vector of vectors) {
    for (const value of vector) {
      view.setInt32(at, 4);
      view.setFloat32(at + 4, value);
      at += 8;
    }
  }
  return bytes;
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

/** HNSW build parameters (HNSW_M, HNSW_EF_CONSTRUCTION). */
export interface HnswParameters {
  m: number;
  efConstruction: number;
}

/**
 * The element type a model's HNSW index stores: `halfvec` (float16: half the index of float32 at the same
 * recall, see bench/RESULTS.md) or `vector` (float32). Queries order by the same cast, so the two never differ.
 */
export type IndexPrecision = 'halfvec' | 'vector';

/**
 * The precision new and rebuilt indexes get. PostgreSQL: half, for the smaller index at scale. Embedded
 * PGlite: float32, because pgvector's halfvec distances are slow in WebAssembly, and PGlite runs every
 * statement on one connection: one halfvec HNSW insert took 183 ms against 40 ms, and an identify waiting
 * behind an import's inserts answered in 196 ms p99 against 45 ms (bench/RESULTS.md, "Identify during a
 * bulk import"). Embedded galleries are small, so the doubled index size does not matter there.
 */
export function preferredIndexPrecision(driver: 'pglite' | 'postgres'): IndexPrecision {
  return driver === 'pglite' ? 'vector' : 'halfvec';
}

/** `(embedding::<precision>(dim))`: the expression a model's index is built over and queries order by. */
export function indexedEmbedding(column: string, precision: IndexPrecision, dim: number): string {
  return `(${column}::${precisionLiteral(precision)}(${dimLiteral(dim)}))`;
}

function precisionLiteral(precision: IndexPrecision): IndexPrecision {
  if (precision !== 'halfvec' && precision !== 'vector') throw new Error('invalid index precision');
  return precision;
}

/**
 * `CREATE INDEX` of a model's partial HNSW index over {@link indexedEmbedding} at the model's precision, the
 * expression every nearest-neighbour query orders by. `name` defaults to {@link hnswIndexName}; a rebuild
 * uses a temporary name.
 */
export function hnswIndexDdl(
  model: { id: string; dim: number; indexPrecision: IndexPrecision },
  hnsw: HnswParameters,
  name = hnswIndexName(model.id),
): string {
  const precision = precisionLiteral(model.indexPrecision);
  return `CREATE INDEX IF NOT EXISTS ${name} ON face_template
       USING hnsw (${indexedEmbedding('embedding', precision, model.dim)} ${precision}_cosine_ops)
       WITH (m = ${Math.trunc(hnsw.m)}, ef_construction = ${Math.trunc(hnsw.efConstruction)})
       WHERE model = ${modelLiteral(model.id)}`;
}
