import { readdirSync } from 'node:fs';
import { join } from 'node:path';

/** A labelled photo: every pair of photos of one set is a genuine pair (same person) or an impostor pair. */
export interface LabelledPhoto {
  person: string;
  path: string;
}

export interface VerificationSet {
  name: string;
  photos: LabelledPhoto[];
}

function labelled(root: string, pattern: RegExp): LabelledPhoto[] {
  return readdirSync(root, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .flatMap((entry) =>
      readdirSync(join(root, entry.name))
        .filter((file) => pattern.test(file))
        .map((file) => ({ person: entry.name, path: join(root, entry.name, file) })),
    )
    .sort((a, b) => a.path.localeCompare(b.path));
}

/** lfw-dev people (30 × 6, 250×250 JPEG), ORL (40 × 10, 92×112 PGM), the bbt face crops (8 × 5, 150×150 PNG). */
export function verificationSets(facesDir: string): VerificationSet[] {
  return [
    { name: 'lfw-dev', photos: labelled(join(facesDir, 'lfw-dev/people'), /\.jpg$/) },
    { name: 'orl', photos: labelled(join(facesDir, 'orl'), /\.pgm$/) },
    { name: 'bbt', photos: labelled(join(facesDir, 'bbt'), /\.png$/) },
  ];
}

export interface VerificationMetrics {
  genuinePairs: number;
  impostorPairs: number;
  genuineMean: number;
  impostorMean: number;
  /** (μ_genuine − μ_impostor) / √((σ²_genuine + σ²_impostor) / 2). */
  dPrime: number;
  /** Share of genuine pairs above the threshold that lets through the given share of impostor pairs. */
  tarAtFar1e3: number;
  tarAtFar1e2: number;
  /** Equal error rate: where false accepts and false rejects are equally many. */
  eer: number;
}

const dot = (a: Float32Array, b: Float32Array) =>
  a.reduce((sum, value, i) => sum + value * (b[i] as number), 0);

/** Cosine scores of all pairs of the embedded photos (null: no face; such photos are left out). */
export function pairScores(persons: readonly string[], embeddings: readonly (Float32Array | null)[]) {
  const genuine: number[] = [];
  const impostor: number[] = [];
  for (let i = 0; i < embeddings.length; i++) {
    for (let j = i + 1; j < embeddings.length; j++) {
      const [a, b] = [embeddings[i], embeddings[j]];
      if (!a || !b) continue;
      (persons[i] === persons[j] ? genuine : impostor).push(dot(a, b));
    }
  }
  return { genuine, impostor };
}

function tarAtFar(genuine: readonly number[], descendingImpostor: readonly number[], far: number): number {
  // The threshold is the impostor score just above the allowed false accepts: strictly greater is accepted.
  const threshold = descendingImpostor[Math.floor(far * descendingImpostor.length)] ?? -1;
  return genuine.filter((score) => score > threshold).length / genuine.length;
}

function equalErrorRate(genuine: readonly number[], impostor: readonly number[]): number {
  // Sweep the threshold down through every score: each genuine passed is one false reject fewer, each
  // impostor passed one false accept more.
  const all = [
    ...genuine.map((s) => ({ s, genuine: true })),
    ...impostor.map((s) => ({ s, genuine: false })),
  ];
  all.sort((a, b) => b.s - a.s);
  let [rejected, accepted] = [genuine.length, 0];
  let best = { gap: Infinity, rate: 1 };
  for (const { genuine: isGenuine } of all) {
    if (isGenuine) rejected--;
    else accepted++;
    const [frr, far] = [rejected / genuine.length, accepted / impostor.length];
    if (Math.abs(far - frr) < best.gap) best = { gap: Math.abs(far - frr), rate: (far + frr) / 2 };
  }
  return best.rate;
}

export function verificationMetrics(scores: { genuine: number[]; impostor: number[] }): VerificationMetrics {
  const { genuine, impostor } = scores;
  const mean = (values: readonly number[]) => values.reduce((sum, v) => sum + v, 0) / values.length;
  const variance = (values: readonly number[], m: number) =>
    values.reduce((sum, v) => sum + (v - m) ** 2, 0) / values.length;
  const [mg, mi] = [mean(genuine), mean(impostor)];
  const descending = [...impostor].sort((a, b) => b - a);
  return {
    genuinePairs: genuine.length,
    impostorPairs: impostor.length,
    genuineMean: mg,
    impostorMean: mi,
    dPrime: (mg - mi) / Math.sqrt((variance(genuine, mg) + variance(impostor, mi)) / 2),
    tarAtFar1e3: tarAtFar(genuine, descending, 1e-3),
    tarAtFar1e2: tarAtFar(genuine, descending, 1e-2),
    eer: equalErrorRate(genuine, impostor),
  };
}
