/**
 * Scale benchmark: a million face templates on the bench's own PostgreSQL, in phases that can be re-run
 * separately against the persisted data under SCALE_DATA (default /work/bench-data):
 *
 *   npx tsx bench/scale.ts generate            # synthetic + real-face datasets (files, seeded)
 *   npx tsx bench/scale.ts load 100000,300000,1000000   # bulk-enroll through the API, build the HNSW index
 *   npx tsx bench/scale.ts index 1000000            # only (re)build the index of a loaded gallery
 *   npx tsx bench/scale.ts exact 1000000            # optional: precompute the exact search measure needs
 *   npx tsx bench/scale.ts measure 100000,300000,1000000 # latency HTTP vs SQL, 1/4/16 clients, recall, memory
 *   npx tsx bench/scale.ts storage 100000      # vector vs vector STORAGE PLAIN vs halfvec
 *   npx tsx bench/scale.ts pglite 1000,2000,5000,10000,20000,50000,100000  # embedded mode latency vs gallery size
 *
 * Each phase rewrites its own section of bench/RESULTS.md (BENCH_WRITE=0 prints only). See docs/scale.md.
 */
import path from 'node:path';
import { ensureCluster } from './scale/cluster.js';
import { ensureDataset } from './scale/dataset.js';
import type { DatasetKind } from './scale/synthetic.js';

const ROOT = process.env.SCALE_DATA ?? '/work/bench-data';
const PORT = Number(process.env.SCALE_PG_PORT ?? 5544);

const [phase = 'help', sizesArg = '100000,300000,1000000'] = process.argv.slice(2);
/** What every phase is given; phases that talk to the bench cluster get it added by `withCluster`. */
const options = {
  root: ROOT,
  sizes: sizesArg.split(',').map(Number),
  kind: (process.env.SCALE_KIND ?? 'face') as DatasetKind,
  realFacesFile: process.env.SCALE_REAL_FACES ?? path.join(ROOT, 'real-faces.jsonl'),
  resultsDir: path.join(ROOT, 'results'),
};
const withCluster = () => ({ ...options, cluster: ensureCluster({ root: ROOT, port: PORT }) });

/** Loads (or, indexOnly, re-indexes keeping the rows) every gallery size, then rewrites the load section. */
async function loadAll(indexOnly: boolean): Promise<void> {
  const { loadScale } = await import('./scale/load.js');
  const run = withCluster();
  const total = Math.max(...options.sizes);
  const meta = await ensureDataset({ ...options, total });
  for (const size of options.sizes) await loadScale({ ...run, meta, size, indexOnly });
  const { writeLoadSection } = await import('./scale/report.js');
  await writeLoadSection(options.resultsDir);
}

switch (phase) {
  case 'generate': {
    const total = Math.max(...options.sizes);
    await ensureDataset({ ...options, kind: 'face', total });
    await ensureDataset({ ...options, kind: 'uniform', total: Math.min(total, 300_000) });
    break;
  }
  case 'load':
    await loadAll(false);
    break;
  case 'index':
    // Rebuild the index of galleries loaded earlier (after an interrupted build), keeping their rows.
    await loadAll(true);
    break;
  case 'exact': {
    // Precompute the exact top-1 of the measure phase's probes (cached; measure computes it when missing).
    const { precomputeExact } = await import('./scale/measure.js');
    await precomputeExact(options);
    break;
  }
  case 'measure': {
    const { measureScales } = await import('./scale/measure.js');
    await measureScales(withCluster());
    break;
  }
  case 'storage': {
    const { compareStorage } = await import('./scale/storage.js');
    await compareStorage(withCluster());
    break;
  }
  case 'pglite': {
    const { measurePglite } = await import('./scale/pglite.js');
    await measurePglite(options);
    break;
  }
  default:
    console.log(
      'usage: npx tsx bench/scale.ts generate|load|index|exact|measure|storage|pglite [sizes, comma-separated]',
    );
}
