/** One usable observation of a tracked face. */
export interface FaceSample {
  /** L2-normalised embedding. */
  readonly embedding: Float32Array;
  /** Higher is better (see {@link sampleQuality}). */
  readonly quality: number;
}

/**
 * Ranks a face observation: detector confidence, scaled down for faces smaller than the recognizer's
 * 112-px input (upsampled faces carry less identity information). In [0, 1].
 */
export function sampleQuality(face: { score: number; faceWidth: number }): number {
  const sizeFactor = Math.min(1, face.faceWidth / 112);
  return Math.max(0, Math.min(1, face.score * sizeFactor));
}

/**
 * Fuses several observations of one track into one probe: the mean of the `best` highest-quality
 * embeddings, re-normalised to unit length. Averaging cancels per-frame noise (blur, expression), which
 * raises the genuine similarity more than the impostor one.
 *
 * @returns a unit Float32Array of the same dimension, or null when there are no samples.
 */
export function fuseEmbeddings(samples: readonly FaceSample[], best: number): Float32Array | null {
  const chosen = [...samples].sort((a, b) => b.quality - a.quality).slice(0, Math.max(1, best));
  const first = chosen[0];
  if (first === undefined) return null;
  const mean = new Float32Array(first.embedding.length);
  for (const sample of chosen) {
    if (sample.embedding.length !== mean.length) throw new Error('embeddings of different dimensions');
    for (let i = 0; i < mean.length; i++) mean[i] = (mean[i] ?? 0) + (sample.embedding[i] ?? 0);
  }
  let norm = 0;
  for (const value of mean) norm += value * value;
  norm = Math.sqrt(norm);
  if (norm === 0) return null;
  for (let i = 0; i < mean.length; i++) mean[i] = (mean[i] ?? 0) / norm;
  return mean;
}
