import { seededRandom } from '../../apps/server/test/support/embeddings.js';
import type { DatasetMeta } from './dataset.js';
import { cachedExactTop1 } from './exact-cache.js';
import type { ExactTop } from './exact.js';
import { loadRealFaces } from './real-faces.js';
import { SyntheticFaces } from './synthetic.js';

export interface Probe {
  embedding: Float32Array;
  /** The person the probe shows (a new sample of an enrolled identity). */
  person: number;
  real: boolean;
}

/**
 * `count` synthetic probes (fresh samples of random enrolled identities, genuine cosine ≈ 0.65 to their
 * templates) plus every held-out real photo. `persons` = persons fully loaded in the gallery prefix.
 */
export function buildProbes(
  meta: DatasetMeta,
  persons: number,
  count: number,
  realFacesFile: string,
): Probe[] {
  const faces = new SyntheticFaces(meta.kind, meta.dim, meta.seed, meta.model);
  const random = seededRandom(4242 + persons);
  const probes: Probe[] = [];
  const synthetic = persons - meta.realPersons;
  for (let k = 0; k < count; k++) {
    const s = Math.floor(random() * synthetic);
    probes.push({
      embedding: faces.sample(faces.centre(s), s, 1000 + k),
      person: meta.realPersons + s,
      real: false,
    });
  }
  for (const probe of loadRealFaces(realFacesFile).probes) {
    probes.push({ embedding: probe.embedding, person: probe.person, real: true });
  }
  return probes;
}

/**
 * The probes of a loaded gallery of `size` templates and their exact top-1 person (cached under
 * `resultsDir`): the setup every phase that measures search quality shares (measure, storage, exact).
 */
export async function probesWithTruth(options: {
  dir: string;
  meta: DatasetMeta;
  size: number;
  /** Persons fully loaded in the gallery prefix. */
  persons: number;
  count: number;
  realFacesFile: string;
  resultsDir: string;
}): Promise<{ probes: Probe[]; exact: ExactTop[] }> {
  const probes = buildProbes(options.meta, options.persons, options.count, options.realFacesFile);
  const exact = await cachedExactTop1({ ...options, probes });
  return { probes, exact };
}
