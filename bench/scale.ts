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
 *   npx tsx bench/scale.ts pglite 1000,5000,10000,20000,50000  # embedded mode latency vs gallery size
 *
 * Each phase rewrites its own section of bench/RESULTS.md (BENCH_WRITE=0 prints only). See docs/scale.md.
 */
import path from 'node:path';
import { ensureCluster } from './scale/cluster.js';
import { ensureDataset } from './scale/dataset.js';
import type { DatasetKind } from './scale/synthetic.js';

const ROOT = process.env.SCALE_DATA ?? '/work/bench-data';
const PORT = Number(process.env.SCALE_PG_PORT ?? 5544);
const REAL_FACES = process.env.SCALE_REAL_FACES ?? path.join(ROOT, 'real-faces.jsonl');
const RESULTS = path.join(ROOT, 'results');
const KIND = (process.env.SCALE_KIND ?? 'face') as DatasetKind;

const [phase = 'help', sizesArg = '100000,300000,1000000'] = process.argv.slice(2);
const sizes = sizesArg.split(',').map(Number);

switch (phase) {
  case 'generate': {
    await ensureDataset({ root: ROOT, kind: 'face', total: Math.max(...sizes), realFacesFile: REAL_FACES });
    await ensureDataset({ root: ROOT, kind: 'uniform', total: 300_000, realFacesFile: REAL_FACES });
    break;
  }
  case 'load': {
    const { loadScale } = await import('./scale/load.js');
    const cluster = ensureCluster({ root: ROOT, port: PORT });
    const meta = await ensureDataset({
      root: ROOT,
      kind: KIND,
      total: Math.max(...sizes),
      realFacesFile: REAL_FACES,
    });
    for (const size of sizes) await loadScale({ cluster, root: ROOT, meta, size, resultsDir: RESULTS });
    const { writeLoadSection } = await import('./scale/report.js');
    await writeLoadSection(RESULTS);
    break;
  }
  case 'index': {
    // Rebuild the index of galleries loaded earlier (after an interrupted build), keeping their rows.
    const { loadScale } = await import('./scale/load.js');
    const cluster = ensureCluster({ root: ROOT, port: PORT });
    const meta = await ensureDataset({
      root: ROOT,
      kind: KIND,
      total: Math.max(...sizes),
      realFacesFile: REAL_FACES,
    });
    for (const size of sizes) {
      await loadScale({ cluster, root: ROOT, meta, size, indexOnly: true, resultsDir: RESULTS });
    }
    const { writeLoadSection } = await import('./scale/report.js');
    await writeLoadSection(RESULTS);
    break;
  }
  case 'exact': {
    // Precompute the exact top-1 of the measure phase's probes (cached; measure computes it when missing).
    const { precomputeExact } = await import('./scale/measure.js');
    await precomputeExact({ root: ROOT, sizes, kind: KIND, realFacesFile: REAL_FACES, resultsDir: RESULTS });
    break;
  }
  case 'measure': {
    const { measureScales } = await import('./scale/measure.js');
    const cluster = ensureCluster({ root: ROOT, port: PORT });
    await measureScales({
      cluster,
      root: ROOT,
      sizes,
      kind: KIND,
      realFacesFile: REAL_FACES,
      resultsDir: RESULTS,
    });
    break;
  }
  case 'storage': {
    const { compareStorage } = await import('./scale/storage.js');
    const cluster = ensureCluster({ root: ROOT, port: PORT });
    await compareStorage({
      cluster,
      root: ROOT,
      sizes,
      kind: KIND,
      realFacesFile: REAL_FACES,
      resultsDir: RESULTS,
    });
    break;
  }
  case 'pglite': {
    const { measurePglite } = await import('./scale/pglite.js');
    await measurePglite({ root: ROOT, sizes, realFacesFile: REAL_FACES, resultsDir: RESULTS });
    break;
  }
  default:
    console.log(
      'usage: npx tsx bench/scale.ts generate|load|measure|storage|pglite [sizes, comma-separated]',
    );
}
