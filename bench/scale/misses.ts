import type { DatasetMeta } from './dataset.js';
import { readTemplates } from './dataset.js';
import type { ExactTop } from './exact.js';
import { dot } from './synthetic.js';

/**
 * One line about a probe whose HNSW top person differs from the exact one: both persons' best cosine to
 * the probe, so a near-tie (harmless) reads apart from a true neighbour the graph did not reach.
 */
export function describeMiss(options: {
  dir: string;
  meta: DatasetMeta;
  owners: Int32Array;
  size: number;
  probe: Float32Array;
  exact: ExactTop | undefined;
  hnswExternalId: string | null;
}): string {
  const person = Number(options.hnswExternalId?.replace(/^P-/, '') ?? NaN);
  const hnsw = Number.isInteger(person) ? personCosine(options, person).toFixed(3) : 'none';
  return (
    `exact P-${options.exact?.person ?? '?'} at ${options.exact?.similarity.toFixed(3) ?? '?'}, ` +
    `HNSW ${options.hnswExternalId ?? 'nothing'} at ${hnsw}`
  );
}

/** Best cosine of `probe` to the templates of `person` (a person's templates are contiguous). */
function personCosine(
  options: { dir: string; meta: DatasetMeta; owners: Int32Array; size: number; probe: Float32Array },
  person: number,
): number {
  const { owners, size, meta } = options;
  let lo = 0;
  let hi = size;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((owners[mid] ?? Infinity) < person) lo = mid + 1;
    else hi = mid;
  }
  let end = lo;
  while (end < size && owners[end] === person) end++;
  if (end === lo) return NaN;
  const templates = readTemplates(options.dir, meta.dim, lo, end);
  let best = -Infinity;
  for (let t = 0; t < end - lo; t++) best = Math.max(best, dot(options.probe, templates, t * meta.dim));
  return best;
}
