import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { encodeEmbedding } from '@attendance/protocol';
import { runConcurrent, summarize } from '../identify-stats.js';
import type { Cluster } from './cluster.js';
import { datasetDir, readMeta } from './dataset.js';
import { cachedExactTop1 } from './exact-cache.js';
import { databaseName, MODEL } from './load.js';
import { postgresPssMiB, rssMiB } from './memory.js';
import { buildProbes, type Probe } from './probes.js';
import { pgVersionOf, readLoads, writeLoadSection, writeMeasureSection, type MeasureRow } from './report.js';
import { startServerProcess, type ServerProcess } from './server-process.js';
import { SqlNearest } from './sql-nearest.js';
import type { DatasetKind } from './synthetic.js';

const PROBES = Number(process.env.SCALE_PROBES ?? 300);
const EF_SWEEP = (process.env.SCALE_EF_SWEEP ?? '40,80,200,400,800').split(',').map(Number);
const CLIENTS = [1, 4, 16];

interface IdentifyAnswer {
  results: { status: string; person: { external_id: string | null } | null }[];
}

async function identify(server: ServerProcess, probe: Probe, camera: string, dtype?: 'float16') {
  const embedding = dtype ? encodeEmbedding(probe.embedding, dtype) : Array.from(probe.embedding);
  const response = await fetch(`${server.baseUrl}/v1/identify`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': server.apiKey },
    body: JSON.stringify({ camera_id: camera, model: MODEL, faces: [{ embedding }] }),
  });
  if (response.status !== 200) {
    throw new Error(`identify answered ${response.status}: ${await response.text()}`);
  }
  return ((await response.json()) as IdentifyAnswer).results[0];
}

/** Measures every loaded gallery of `sizes`; rewrites the Scale measure (and load) sections of RESULTS.md. */
export async function measureScales(options: {
  cluster: Cluster;
  root: string;
  sizes: number[];
  kind: DatasetKind;
  realFacesFile: string;
  resultsDir: string;
}): Promise<void> {
  const dir = datasetDir(options.root, options.kind);
  const meta = readMeta(dir);
  const loads = readLoads(options.resultsDir);
  const rows: MeasureRow[] = [];
  let pgVersion = '';
  for (const size of options.sizes) {
    const load = loads.find((l) => l.kind === options.kind && l.templates === size);
    if (!load) {
      console.log(`no loaded ${options.kind} gallery of ${size}: run the load phase first`);
      continue;
    }
    const probes = buildProbes(meta, load.persons - 1, PROBES, options.realFacesFile);
    const exact = await cachedExactTop1({ dir, meta, size, probes, resultsDir: options.resultsDir });
    const url = options.cluster.url(databaseName(options.kind, size));
    pgVersion = pgVersionOf(url);
    // Every run starts from first sightings (no attendance recorded yet), so re-runs measure the same work.
    execFileSync('psql', [url, '-qc', 'TRUNCATE attendance_event']);
    const server = await startServerProcess({
      databaseUrl: url,
      dataDir: path.join(options.root, 'server', `measure-${size}`),
    });
    const sql = await SqlNearest.open(url, { model: MODEL, dim: meta.dim, limit: 10, indexType: 'halfvec' });
    try {
      const status = await fetch(`${server.baseUrl}/health/ready`).then((r) => r.json());
      void status;
      const efSearch = Number(process.env.HNSW_EF_SEARCH ?? (await defaultEfSearch()));
      // Warm-up: index pages into shared_buffers, JIT of both paths.
      for (const probe of probes) await sql.nearest(probe.embedding, efSearch);
      for (const probe of probes.slice(0, 50)) await identify(server, probe, 'warmup');

      const sqlSamples: number[] = [];
      for (const probe of probes) sqlSamples.push((await sql.nearest(probe.embedding, efSearch)).ms);
      let httpAgree = 0;
      const http = await runConcurrent(probes.length, 1, async (i) => {
        const probe = probes[i];
        if (!probe) return;
        const result = await identify(server, probe, `seq-${size}`);
        if (result?.person?.external_id === `P-${exact[i]?.person ?? -1}`) httpAgree++;
      });
      const concurrency = [];
      for (const clients of CLIENTS) {
        const total = Math.max(probes.length, clients * 40);
        const run = await runConcurrent(total, clients, async (i) => {
          const probe = probes[i % probes.length];
          if (probe) await identify(server, probe, `c${clients}-${size}`, 'float16');
        });
        concurrency.push({ clients, rps: (total / run.wallMs) * 1000, latency: summarize(run.samplesMs) });
      }
      const sweep = [];
      for (const ef of EF_SWEEP) {
        const samples: number[] = [];
        let synth = 0;
        let real = 0;
        for (const [i, probe] of probes.entries()) {
          const top = await sql.nearest(probe.embedding, ef);
          samples.push(top.ms);
          if (top.externalId === `P-${exact[i]?.person ?? -1}`) {
            if (probe.real) real++;
            else synth++;
          }
        }
        const realCount = probes.filter((p) => p.real).length;
        sweep.push({
          ef,
          p50: summarize(samples).p50,
          p99: summarize(samples).p99,
          recallSynthetic: synth / (probes.length - realCount),
          recallReal: real / realCount,
        });
        console.log(
          `  ${size} ef_search ${ef}: p50 ${summarize(samples).p50.toFixed(2)} ms, recall@1 ${(synth / (probes.length - realCount)).toFixed(3)} synthetic, ${(real / realCount).toFixed(3)} real`,
        );
      }
      const realCount = probes.filter((p) => p.real).length;
      const accurate = (real: boolean) =>
        probes.filter((p, i) => p.real === real && exact[i]?.person === p.person).length /
        probes.filter((p) => p.real === real).length;
      const row: MeasureRow = {
        kind: options.kind,
        templates: size,
        efSearch,
        sql: summarize(sqlSamples),
        http: summarize(http.samplesMs),
        concurrency,
        recallHttp: httpAgree / probes.length,
        sweep,
        accuracySynthetic: accurate(false),
        accuracyReal: accurate(true),
        serverRssMiB: rssMiB(server.pid),
        postgresPssMiB: postgresPssMiB(options.cluster.dataDir),
        probes: probes.length - realCount,
        realProbes: realCount,
      };
      rows.push(row);
      console.log(
        `${options.kind} ${size}: SQL p50 ${row.sql.p50.toFixed(2)} p99 ${row.sql.p99.toFixed(2)} | HTTP p50 ${row.http.p50.toFixed(2)} p99 ${row.http.p99.toFixed(2)} | recall ${row.recallHttp}`,
      );
    } finally {
      await sql.close();
      await server.stop();
    }
  }
  const command = `npx tsx bench/scale.ts measure ${options.sizes.join(',')}`;
  await writeMeasureSection(
    rows,
    pgVersion,
    options.kind === 'face' ? command : `SCALE_KIND=${options.kind} ${command}`,
  );
  await writeLoadSection(options.resultsDir);
}

async function defaultEfSearch(): Promise<number> {
  const { loadConfig } = await import('../../apps/server/src/config.js');
  return loadConfig({}).matching.efSearch;
}

/** The exact top-1 of every loaded gallery's probes, computed and cached ahead of a measure run. */
export async function precomputeExact(options: {
  root: string;
  sizes: number[];
  kind: DatasetKind;
  realFacesFile: string;
  resultsDir: string;
}): Promise<void> {
  const dir = datasetDir(options.root, options.kind);
  const meta = readMeta(dir);
  for (const size of options.sizes) {
    const load = readLoads(options.resultsDir).find((l) => l.kind === options.kind && l.templates === size);
    if (!load) continue;
    const probes = buildProbes(meta, load.persons - 1, PROBES, options.realFacesFile);
    await cachedExactTop1({ dir, meta, size, probes, resultsDir: options.resultsDir });
  }
}
