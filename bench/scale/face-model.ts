import { seededRandom } from '../../apps/server/test/support/embeddings.js';
import {
  componentsFor,
  cosine,
  embeddingStats,
  meanVector,
  percentiles,
  principalComponents,
  type EmbeddingStats,
} from './embedding-stats.js';
import type { RealFaces } from './real-faces.js';
import { SyntheticFaces } from './synthetic.js';

/**
 * The `face` generator's parameters, fitted to real embeddings so that synthetic and real templates share
 * one distribution (same common direction, same principal subspace, same genuine/impostor cosines) and the
 * HNSW graph mixes them instead of leaving the real faces as an island.
 *
 * A centre is mean + Σ_k basis[k]·scales[k]·f_k(z) + isotropic noise, normalised, with z a LATENT_DIM-d
 * latent and f_k random Fourier features of frequency `frequency` (a curved manifold); a template is the
 * centre turned away by a cosine in templateCos.
 */
export interface FaceModel {
  /** Mean of the real unit embeddings. */
  mean: number[];
  /** Principal directions of the real embeddings holding 90 % of their variance. */
  basis: number[][];
  /** Standard deviation of the centres along each basis direction. */
  scales: number[];
  /** Per-dimension standard deviation of the centres' isotropic part. */
  isotropic: number;
  /** Scale of the random frequencies of the latent → feature map (kernel width of the manifold). */
  frequency: number;
  /** Range of cos(template, centre); two templates of one identity are at about the product. */
  templateCos: [number, number];
}

export interface FaceFit {
  model: FaceModel;
  real: EmbeddingStats;
  synthetic: EmbeddingStats;
}

/** Share of the between-identity variance on the manifold; the rest is isotropic (no exact low-d data). */
const MANIFOLD_SHARE = 0.85;
const FIT_IDENTITIES = 400;
const FIT_SEED = 7;

/** Every identity's embeddings (enrolled templates plus the held-out photo). */
export function realIdentities(real: RealFaces): Float32Array[][] {
  const lists = real.gallery.map((person) => [...person.templates]);
  for (const probe of real.probes) lists[probe.person]?.push(probe.embedding);
  return lists;
}

export function fitFaceModel(real: RealFaces): FaceFit {
  const identities = realIdentities(real);
  const all = identities.flat();
  const dim = all[0]?.length ?? 512;
  const mean = meanVector(all, dim);
  const pca = principalComponents(all, mean);
  const stats = embeddingStats(identities, pca.values);
  const k = componentsFor(pca.values, 0.9);
  const kept = pca.values.subarray(0, k);
  const keptTotal = kept.reduce((s, v) => s + v, 0);
  // Unit templates: genuine ≈ |centre|² and impostor ≈ |mean|², so the centres' spread around the mean has
  // energy genuine − |mean|² (the rest, 1 − genuine, is within-identity noise).
  const between = Math.max(0.01, stats.genuine.mean - stats.meanNorm ** 2);
  const model: FaceModel = {
    mean: Array.from(mean),
    basis: pca.vectors.slice(0, k).map((v) => Array.from(v)),
    scales: Array.from(kept, (v) => Math.sqrt((MANIFOLD_SHARE * between * v) / keptTotal)),
    isotropic: Math.sqrt(((1 - MANIFOLD_SHARE) * between) / dim),
    frequency: 0.33,
    templateCos: templateRange(stats.genuine.p10, stats.genuine.p50, stats.genuine.p90),
  };
  // The kernel width sets how far impostor cosines spread around |mean|²: match the real spread.
  const realSpread = stats.impostor.p99 - stats.impostor.p50;
  let best = { frequency: model.frequency, error: Infinity };
  for (const frequency of [0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.5, 0.6, 0.8, 1]) {
    const s = syntheticStats({ ...model, frequency }, dim, 200);
    const error = Math.abs(s.impostor.p99 - s.impostor.p50 - realSpread);
    if (error < best.error) best = { frequency, error };
  }
  model.frequency = best.frequency;
  return { model, real: stats, synthetic: syntheticStats(model, dim, FIT_IDENTITIES) };
}

/** Statistics (without the spectrum) of `identities` synthetic identities with 3 templates each. */
export function syntheticStats(model: FaceModel, dim: number, identities: number): EmbeddingStats {
  return embeddingStats(syntheticIdentities(model, dim, identities), false);
}

export function syntheticIdentities(model: FaceModel, dim: number, identities: number): Float32Array[][] {
  const faces = new SyntheticFaces('face', dim, FIT_SEED, model);
  return Array.from({ length: identities }, (_, i) => {
    const centre = faces.centre(i);
    return [0, 1, 2].map((j) => faces.sample(centre, i, j));
  });
}

/**
 * cos(template, centre) is drawn uniformly from [lo, hi]; two templates are at about the product of theirs.
 * [lo, hi] is the range whose product distribution matches the real genuine p10, p50 and p90 best.
 */
export function templateRange(p10: number, p50: number, p90: number): [number, number] {
  const random = seededRandom(FIT_SEED);
  const draws = Array.from({ length: 2000 }, () => [random(), random()] as const);
  let best = { lo: 0, hi: 0, error: Infinity };
  for (let lo = 0.3; lo <= 0.99; lo += 0.01) {
    for (let hi = lo; hi <= 0.995; hi += 0.01) {
      const p = percentiles(draws.map(([a, b]) => (lo + (hi - lo) * a) * (lo + (hi - lo) * b)));
      const error = Math.abs(p.p10 - p10) + Math.abs(p.p50 - p50) + Math.abs(p.p90 - p90);
      if (error < best.error) best = { lo, hi, error };
    }
  }
  return [round(best.lo), round(best.hi)];
}

const round = (x: number) => Math.round(x * 1000) / 1000;

/** Cosine of a real embedding to its nearest synthetic template among `templates`. */
export function nearestCosine(embedding: Float32Array, templates: Float32Array[]): number {
  let best = -1;
  for (const t of templates) best = Math.max(best, cosine(embedding, t));
  return best;
}
