import path from 'node:path';
import { hnswIndexName, type IndexPrecision } from '../../apps/server/src/db/vector-sql.js';
import { summarize } from '../identify-stats.js';
import type { ClusterScaleOptions } from './scale-options.js';
import { datasetDir, ensureDataset, readOwners } from './dataset.js';
import { loadScale, MODEL, type LoadResult } from './load.js';
import { probesWithTruth } from './probes.js';
import { writeStorageSection, type StorageRow } from './report.js';
import { SqlNearest } from './sql-nearest.js';

const EF_VALUES = [40, 80, 160];
const PROBES = Number(process.env.SCALE_PROBES ?? 300);

interface Variant {
  storage: string;
  label: string;
  indexPrecision: IndexPrecision;
  prepare?: string;
  indexSql?: string;
}

const vectorIndex = `CREATE INDEX ${hnswIndexName(MODEL)}_f32 ON face_template USING hnsw ((embedding::vector(512)) vector_cosine_ops) WITH (m = 16, ef_construction = 64) WHERE model = '${MODEL}'`;

const VARIANTS: Variant[] = [
  {
    storage: 'extended',
    label: '`vector`, default storage (EXTENDED: TOASTed at 512-d), float32 index',
    indexPrecision: 'vector',
    prepare: 'ALTER TABLE face_template ALTER COLUMN embedding SET STORAGE EXTENDED',
    indexSql: vectorIndex,
  },
  {
    storage: 'main',
    label: '`vector` with `STORAGE MAIN` (inline), float32 index',
    indexPrecision: 'vector',
    indexSql: vectorIndex,
  },
  {
    storage: 'halfvec',
    label: '`vector` with `STORAGE MAIN`, `halfvec` index (product default)',
    indexPrecision: 'halfvec',
  },
];

/** Loads the same gallery with each storage choice and compares load, build, size, latency and recall. */
export async function compareStorage(options: ClusterScaleOptions): Promise<void> {
  const rows: StorageRow[] = [];
  const meta = await ensureDataset({
    root: options.root,
    kind: options.kind,
    total: Math.max(...options.sizes),
    realFacesFile: options.realFacesFile,
  });
  const dir = datasetDir(options.root, meta.kind);
  for (const size of options.sizes) {
    const { probes, exact } = await probesWithTruth({
      dir,
      meta,
      size,
      persons: new Set(readOwners(dir).subarray(0, size)).size - 1,
      count: PROBES,
      realFacesFile: options.realFacesFile,
      resultsDir: options.resultsDir,
    });
    for (const variant of VARIANTS) {
      const only = process.env.SCALE_STORAGE_ONLY;
      if (only && !only.split(',').includes(variant.storage)) continue;
      const prepare = variant.prepare;
      const load: LoadResult = await loadScale({
        cluster: options.cluster,
        root: options.root,
        meta,
        size,
        storage: variant.storage,
        ...(prepare ? { prepare: async (db) => void (await db.query(prepare)) } : {}),
        ...(variant.indexSql ? { indexSql: variant.indexSql } : {}),
        resultsDir: options.resultsDir,
      });
      const sql = await SqlNearest.open(options.cluster.url(load.database), {
        model: MODEL,
        dim: meta.dim,
        limit: 10,
        indexPrecision: variant.indexPrecision,
      });
      try {
        for (const probe of probes.slice(0, 30)) await sql.nearest(probe.embedding, EF_VALUES[1] ?? 80);
        const sweep = [];
        for (const ef of EF_VALUES) {
          const samples: number[] = [];
          let agree = 0;
          for (const [i, probe] of probes.entries()) {
            const top = await sql.nearest(probe.embedding, ef);
            samples.push(top.ms);
            if (top.externalId === `P-${exact[i]?.person ?? -1}`) agree++;
          }
          sweep.push({
            ef,
            p50: summarize(samples).p50,
            p99: summarize(samples).p99,
            recall: agree / probes.length,
          });
        }
        const exactScan: number[] = [];
        for (const probe of probes.slice(0, 3)) {
          exactScan.push((await sql.nearest(probe.embedding, 80, true)).ms);
        }
        rows.push({ label: variant.label, load, sweep, exactScanMs: summarize(exactScan).p50 });
        console.log(
          variant.storage,
          JSON.stringify(rows.at(-1)?.sweep),
          'exact scan ms',
          rows.at(-1)?.exactScanMs.toFixed(0),
        );
      } finally {
        await sql.close();
      }
    }
  }
  await writeStorageSection(rows, PROBES);
  void path;
}
