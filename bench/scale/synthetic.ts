import { seededRandom } from '../../apps/server/test/support/embeddings.js';
import type { FaceModel } from './face-model.js';

/**
 * Deterministic synthetic face-template generator.
 *
 * - `face` with a fitted FaceModel (face-model.ts, what the benchmark uses): centres are the real embeddings'
 *   mean plus a point of a curved LATENT_DIM-dimensional manifold in their principal subspace (a latent
 *   z ~ N(0, I) mapped by random Fourier features cos(W·z + b) minus their mean, one per principal direction,
 *   scaled by the real spectrum; the cosine of two centres falls like a Gaussian kernel of their latent
 *   distance) plus small isotropic noise, normalised.
 * - `face` without a model: the same manifold spread over all `dim` dimensions around 0 (no common direction).
 * - `uniform`: identity centres are uniformly random unit vectors (no structure: the hard, unrealistic case).
 *
 * Templates (and probes) of an identity are its centre plus isotropic noise at a cosine drawn from the
 * model's templateCos (else [TEMPLATE_COS_MIN, TEMPLATE_COS_MAX]), so two templates of one person have
 * cosine ≈ 0.6–0.7. Everything is a pure function of (seed, model, identity, sample index), so probes can be
 * regenerated without storing them.
 */
export type DatasetKind = 'face' | 'uniform';

export const LATENT_DIM = 16;
/** Kernel width of the latent → embedding map (tuned so impostor cosines are ≈ 0.0–0.2). */
const FREQUENCY_SCALE = 0.33;
const TEMPLATE_COS_MIN = 0.78;
const TEMPLATE_COS_MAX = 0.85;

export class SyntheticFaces {
  readonly #w: Float64Array;
  readonly #b: Float64Array;
  readonly #bias: Float64Array;
  /** Per feature: scale / standard deviation of the feature (model), so each direction gets its variance. */
  readonly #gain: Float64Array;
  readonly #basis: Float32Array | undefined;
  readonly #features: number;
  readonly #templateCos: readonly [number, number];

  constructor(
    readonly kind: DatasetKind,
    readonly dim: number,
    readonly seed: number,
    readonly model?: FaceModel,
  ) {
    const random = seededRandom(seed);
    const features = model ? model.basis.length : dim;
    const frequency = model ? model.frequency : FREQUENCY_SCALE;
    this.#features = features;
    this.#w = Float64Array.from({ length: features * LATENT_DIM }, () => gaussian(random) * frequency);
    this.#b = Float64Array.from({ length: features }, () => random() * 2 * Math.PI);
    // E_z[cos(w·z + b)] = cos(b)·exp(−|w|²/2) for z ~ N(0, I): subtracting it removes the common component;
    // Var = ½ + ½·cos(2b)·exp(−2|w|²) − E² normalises each feature to the variance the model gives it.
    const norms = Float64Array.from({ length: features }, (_, f) => {
      let norm2 = 0;
      for (let k = 0; k < LATENT_DIM; k++) norm2 += (this.#w[f * LATENT_DIM + k] ?? 0) ** 2;
      return norm2;
    });
    this.#bias = Float64Array.from(norms, (n2, f) => Math.cos(this.#b[f] ?? 0) * Math.exp(-n2 / 2));
    this.#gain = Float64Array.from(norms, (n2, f) => {
      if (!model) return 1;
      const b = this.#b[f] ?? 0;
      const variance = 0.5 + 0.5 * Math.cos(2 * b) * Math.exp(-2 * n2) - (this.#bias[f] ?? 0) ** 2;
      return (model.scales[f] ?? 0) / Math.sqrt(Math.max(1e-6, variance));
    });
    this.#basis = model ? Float32Array.from(model.basis.flat()) : undefined;
    this.#templateCos = model?.templateCos ?? [TEMPLATE_COS_MIN, TEMPLATE_COS_MAX];
  }

  /** Unit-length centre of identity `i`. */
  centre(i: number): Float32Array {
    const random = seededRandom(mix(this.seed, i, 0x9e3779b1));
    const out = new Float32Array(this.dim);
    if (this.kind === 'uniform') {
      for (let d = 0; d < this.dim; d++) out[d] = gaussian(random);
      return normalise(out);
    }
    const z = Float64Array.from({ length: LATENT_DIM }, () => gaussian(random));
    const feature = new Float64Array(this.#features);
    for (let f = 0; f < this.#features; f++) {
      let dot = this.#b[f] ?? 0;
      const row = f * LATENT_DIM;
      for (let k = 0; k < LATENT_DIM; k++) dot += (this.#w[row + k] ?? 0) * (z[k] ?? 0);
      feature[f] = (Math.cos(dot) - (this.#bias[f] ?? 0)) * (this.#gain[f] ?? 0);
    }
    const model = this.model;
    const basis = this.#basis;
    if (!model || !basis) {
      for (let d = 0; d < this.dim; d++) out[d] = feature[d] ?? 0;
      return normalise(out);
    }
    for (let d = 0; d < this.dim; d++) out[d] = (model.mean[d] ?? 0) + gaussian(random) * model.isotropic;
    for (let f = 0; f < this.#features; f++) {
      const x = feature[f] ?? 0;
      const row = f * this.dim;
      for (let d = 0; d < this.dim; d++) out[d] = (out[d] ?? 0) + x * (basis[row + d] ?? 0);
    }
    return normalise(out);
  }

  /** Sample `j` of identity `i` (templates use j = 0…n−1, probes j ≥ 1000), unit length. */
  sample(centre: Float32Array, i: number, j: number): Float32Array {
    const random = seededRandom(mix(this.seed, i, 0x85ebca6b + j * 0xc2b2ae35));
    const [lo, hi] = this.#templateCos;
    const cosine = lo + (hi - lo) * random();
    const noise = new Float32Array(this.dim);
    let dot = 0;
    for (let d = 0; d < this.dim; d++) {
      noise[d] = gaussian(random);
      dot += (noise[d] ?? 0) * (centre[d] ?? 0);
    }
    for (let d = 0; d < this.dim; d++) noise[d] = (noise[d] ?? 0) - dot * (centre[d] ?? 0);
    normalise(noise);
    const sine = Math.sqrt(1 - cosine * cosine);
    const out = new Float32Array(this.dim);
    for (let d = 0; d < this.dim; d++) out[d] = cosine * (centre[d] ?? 0) + sine * (noise[d] ?? 0);
    return normalise(out);
  }
}

function gaussian(random: () => number): number {
  const u = Math.max(random(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

function mix(a: number, b: number, c: number): number {
  let h = Math.imul(a ^ 0x27d4eb2d, 0x165667b1) ^ Math.imul(b + 0x7f4a7c15, 0x85ebca77);
  h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d) ^ Math.imul(c, 0x297a2d39);
  return (h ^ (h >>> 16)) >>> 0;
}

export function normalise(v: Float32Array): Float32Array {
  let n = 0;
  for (const x of v) n += x * x;
  n = Math.sqrt(n) || 1;
  for (let d = 0; d < v.length; d++) v[d] = (v[d] ?? 0) / n;
  return v;
}

export function dot(a: Float32Array, b: Float32Array, offsetB = 0): number {
  let s = 0;
  for (let d = 0; d < a.length; d++) s += (a[d] ?? 0) * (b[offsetB + d] ?? 0);
  return s;
}
