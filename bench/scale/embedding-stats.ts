/**
 * Statistics of a set of unit embeddings grouped by identity: norm of their mean, genuine (same identity)
 * and impostor (different identities) cosine distributions, and the principal-component spectrum.
 */
export interface EmbeddingStats {
  count: number;
  identities: number;
  /** Norm of the mean of the unit embeddings: their common direction (0 for isotropic embeddings). */
  meanNorm: number;
  genuine: Percentiles;
  impostor: Percentiles;
  /** Principal components holding 50 / 90 / 99 % of the variance around the mean (when computed). */
  components?: { p50: number; p90: number; p99: number };
}

export interface Percentiles {
  pairs: number;
  mean: number;
  p1: number;
  p10: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

/** `spectrum`: the eigenvalues of the covariance if already computed, false to skip them (30 s at 512-d). */
export function embeddingStats(
  identities: Float32Array[][],
  spectrum: Float64Array | boolean = true,
): EmbeddingStats {
  const all = identities.flat();
  const dim = all[0]?.length ?? 0;
  const mean = meanVector(all, dim);
  const genuine: number[] = [];
  const impostor: number[] = [];
  const owner = identities.flatMap((list, p) => list.map(() => p));
  for (let a = 0; a < all.length; a++) {
    for (let b = a + 1; b < all.length; b++) {
      (owner[a] === owner[b] ? genuine : impostor).push(cosine(all[a]!, all[b]!));
    }
  }
  const values =
    spectrum === true ? principalComponents(all, mean).values : spectrum === false ? undefined : spectrum;
  return {
    count: all.length,
    identities: identities.length,
    meanNorm: Math.hypot(...mean),
    genuine: percentiles(genuine),
    impostor: percentiles(impostor),
    components: values && {
      p50: componentsFor(values, 0.5),
      p90: componentsFor(values, 0.9),
      p99: componentsFor(values, 0.99),
    },
  };
}

export function percentiles(values: number[]): Percentiles {
  const sorted = Float64Array.from(values).sort();
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
  const sum = sorted.reduce((s, v) => s + v, 0);
  return {
    pairs: sorted.length,
    mean: sum / sorted.length,
    p1: at(0.01),
    p10: at(0.1),
    p50: at(0.5),
    p90: at(0.9),
    p99: at(0.99),
    max: sorted[sorted.length - 1] ?? NaN,
  };
}

export function meanVector(vectors: Float32Array[], dim: number): Float64Array {
  const mean = new Float64Array(dim);
  for (const v of vectors) for (let d = 0; d < dim; d++) mean[d] = (mean[d] ?? 0) + (v[d] ?? 0);
  for (let d = 0; d < dim; d++) mean[d] = (mean[d] ?? 0) / Math.max(1, vectors.length);
  return mean;
}

export function cosine(a: Float32Array, b: Float32Array): number {
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let d = 0; d < a.length; d++) {
    ab += (a[d] ?? 0) * (b[d] ?? 0);
    aa += (a[d] ?? 0) ** 2;
    bb += (b[d] ?? 0) ** 2;
  }
  return ab / Math.sqrt(aa * bb);
}

/** Number of leading components whose variance adds up to `fraction` of the total. */
export function componentsFor(values: Float64Array, fraction: number): number {
  const total = values.reduce((s, v) => s + v, 0);
  let sum = 0;
  for (let k = 0; k < values.length; k++) {
    sum += values[k] ?? 0;
    if (sum >= fraction * total) return k + 1;
  }
  return values.length;
}

/**
 * Eigen-decomposition of the covariance of `vectors` around `mean` (cyclic Jacobi: exact and simple, a
 * few seconds for 512 dimensions). Values descending; vectors[k] is the unit direction of values[k].
 */
export function principalComponents(
  vectors: Float32Array[],
  mean: Float64Array,
): { values: Float64Array; vectors: Float64Array[] } {
  const n = mean.length;
  const a = new Float64Array(n * n);
  const centred = new Float64Array(n);
  for (const v of vectors) {
    for (let d = 0; d < n; d++) centred[d] = (v[d] ?? 0) - (mean[d] ?? 0);
    for (let i = 0; i < n; i++) {
      const ci = centred[i] ?? 0;
      if (ci === 0) continue;
      const row = i * n;
      for (let j = i; j < n; j++) a[row + j] = (a[row + j] ?? 0) + ci * (centred[j] ?? 0);
    }
  }
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      const value = (a[i * n + j] ?? 0) / Math.max(1, vectors.length);
      a[i * n + j] = value;
      a[j * n + i] = value;
    }
  }
  const eigen = jacobiEigen(a, n);
  const order = Array.from({ length: n }, (_, k) => k).sort((x, y) => eigen.values[y]! - eigen.values[x]!);
  return {
    values: Float64Array.from(order, (k) => Math.max(0, eigen.values[k] ?? 0)),
    vectors: order.map((k) => Float64Array.from({ length: n }, (_, d) => eigen.vectors[d * n + k] ?? 0)),
  };
}

/** Symmetric n×n matrix `a` (row-major, destroyed) → eigenvalues and eigenvectors (columns of `vectors`). */
export function jacobiEigen(a: Float64Array, n: number): { values: Float64Array; vectors: Float64Array } {
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  let scale = 0;
  for (let i = 0; i < n; i++) scale += (a[i * n + i] ?? 0) ** 2;
  for (let sweep = 0; sweep < 50; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += (a[p * n + q] ?? 0) ** 2;
    if (off <= 1e-22 * scale) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p * n + q] ?? 0;
        if (Math.abs(apq) < 1e-300) continue;
        const theta = ((a[q * n + q] ?? 0) - (a[p * n + p] ?? 0)) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = a[k * n + p] ?? 0;
          const akq = a[k * n + q] ?? 0;
          a[k * n + p] = c * akp - s * akq;
          a[k * n + q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p * n + k] ?? 0;
          const aqk = a[q * n + k] ?? 0;
          a[p * n + k] = c * apk - s * aqk;
          a[q * n + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k * n + p] ?? 0;
          const vkq = v[k * n + q] ?? 0;
          v[k * n + p] = c * vkp - s * vkq;
          v[k * n + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  return { values: Float64Array.from({ length: n }, (_, i) => a[i * n + i] ?? 0), vectors: v };
}
