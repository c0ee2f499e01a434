import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../apps/server/test/support/embeddings.js';
import { cosine, jacobiEigen } from '../../bench/scale/embedding-stats.js';
import { fitFaceModel, nearestCosine, syntheticIdentities } from '../../bench/scale/face-model.js';
import type { RealFaces } from '../../bench/scale/real-faces.js';
import { normalise, SyntheticFaces } from '../../bench/scale/synthetic.js';

const DIM = 64;

function gaussian(random: () => number): number {
  return Math.sqrt(-2 * Math.log(Math.max(random(), 1e-12))) * Math.cos(2 * Math.PI * random());
}

/**
 * Stand-in for real embeddings (the photos' embeddings are not in the repository): a common direction,
 * identities spread in an 8-d subspace, photos of one identity around it.
 */
function referenceFaces(): RealFaces {
  const random = seededRandom(99);
  const mean = Float32Array.from({ length: DIM }, (_, d) => (d === 0 ? 0.45 : 0));
  const gallery: RealFaces['gallery'] = [];
  const probes: RealFaces['probes'] = [];
  for (let p = 0; p < 80; p++) {
    const centre = Float32Array.from(mean);
    for (let d = 1; d <= 8; d++) centre[d] = gaussian(random) * 0.28;
    const photos = Array.from({ length: 4 }, () =>
      normalise(Float32Array.from(centre, (x) => x + gaussian(random) * 0.07)),
    );
    probes.push({ person: p, embedding: photos.pop()! });
    gallery.push({ key: `p${p}`, templates: photos });
  }
  return { gallery, probes };
}

describe('face generator fitted to real embeddings', () => {
  const reference = referenceFaces();
  const fit = fitFaceModel(reference);

  it('generates genuine and impostor cosines in the real ranges', () => {
    const { real, synthetic } = fit;
    expect(real.meanNorm).toBeGreaterThan(0.3);
    expect(Math.abs(synthetic.meanNorm - real.meanNorm)).toBeLessThan(0.1);
    for (const q of ['p10', 'p50', 'p90'] as const) {
      expect(Math.abs(synthetic.genuine[q] - real.genuine[q])).toBeLessThan(0.06);
    }
    // The upper tail is what a probe's nearest impostors come from.
    for (const q of ['p50', 'p90', 'p99'] as const) {
      expect(Math.abs(synthetic.impostor[q] - real.impostor[q])).toBeLessThan(0.08);
    }
    // Genuine pairs stay well above impostors, as in the real data.
    expect(synthetic.genuine.p50).toBeGreaterThan(synthetic.impostor.p90 + 0.2);
  });

  it("puts a real embedding's nearest synthetic neighbours at impostor-like cosine, not ≈ 0", () => {
    const templates = syntheticIdentities(fit.model, DIM, 300).flat();
    // The unfitted generator shares no direction with them: the island the HNSW graph barely reached.
    const unfitted = new SyntheticFaces('face', DIM, 7);
    const island = Array.from({ length: 900 }, (_, i) => unfitted.sample(unfitted.centre(i), i, 0));
    for (const probe of reference.probes.slice(0, 10)) {
      const nearest = nearestCosine(probe.embedding, templates);
      expect(nearest).toBeGreaterThan(fit.real.impostor.p90);
      expect(nearest).toBeLessThan(fit.real.genuine.p90);
      expect(nearestCosine(probe.embedding, island)).toBeLessThan(nearest);
    }
  });

  it('is deterministic', () => {
    const again = fitFaceModel(reference).model;
    expect(again).toEqual(fit.model);
    const a = new SyntheticFaces('face', DIM, 1, fit.model);
    const b = new SyntheticFaces('face', DIM, 1, fit.model);
    expect(cosine(a.sample(a.centre(5), 5, 2), b.sample(b.centre(5), 5, 2))).toBeCloseTo(1, 6);
  });

  it('eigen-decomposes a symmetric matrix', () => {
    const random = seededRandom(3);
    const n = 12;
    const m = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      for (let j = i; j < n; j++) m[i * n + j] = m[j * n + i] = random() - 0.5;
    }
    const { values, vectors } = jacobiEigen(Float64Array.from(m), n);
    for (let k = 0; k < n; k++) {
      for (let i = 0; i < n; i++) {
        let mv = 0;
        for (let j = 0; j < n; j++) mv += m[i * n + j]! * vectors[j * n + k]!;
        expect(mv).toBeCloseTo(values[k]! * vectors[i * n + k]!, 8);
      }
    }
  });
});
