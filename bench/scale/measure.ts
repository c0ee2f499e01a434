import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { encodeEmbedding } from '@attendance/protocol';
import type { RecheckPolicy } from '../../apps/server/src/services/search-with-recheck.js';
import { loadavg } from 'node:os';
import { runConcurrent, summarize, type LatencySummary } from '../identify-stats.js';
import { datasetDir, readMeta, readOwners, type DatasetMeta } from './dataset.js';
import { databaseName, MODEL } from './load.js';
import { postgresPssMiB, rssMiB } from './memory.js';
import { describeMiss } from './misses.js';
import { allMeasureRows, measureCommand } from './measure-rows.js';
import { probesWithTruth, type Probe } from './probes.js';
import { pgVersionOf, readLoads, writeLoadSection, writeMeasureSection, type MeasureRow } from './report.js';
import { JsonClient } from './json-client.js';
import { startServerProcess, type CompletedRequest } from './server-process.js';
import type { ClusterScaleOptions, ScaleOptions } from './scale-options.js';
import { SqlNearest } from './sql-nearest.js';
import { identifyPolicy } from './identify-policy.js';

const PROBES = Number(process.env.SCALE_PROBES ?? 300);
const EF_SWEEP = (process.env.SCALE_EF_SWEEP ?? '40,80,120,200,400,800').split(',').map(Number);
/** First-search breadths tried with the product's recheck at the configured full breadth. */
const FAST_SWEEP = (process.env.SCALE_FAST_SWEEP ?? '32,48,64,80,120').split(',').map(Number);
/** Matching variables the bench passes to the server and applies to its SQL baseline alike. */
const MATCHING_ENV = [
  'HNSW_EF_SEARCH',
  'HNSW_EF_SEARCH_FAST',
  'CLEAR_MATCH_MARGIN',
  'SIMILARITY_THRESHOLD',
  'AMBIGUITY_MARGIN',
] as const;
const CLIENTS = [1, 4, 16];

interface IdentifyAnswer {
  results: { status: string; person: { external_id: string | null } | null }[];
}

let requests = 0;

/** One identify as the edge agent sends it: one face, an idempotency key of its own. */
async function identify(client: JsonClient, probe: Probe, camera: string, dtype?: 'float16') {
  const embedding = dtype ? encodeEmbedding(probe.embedding, dtype) : Array.from(probe.embedding);
  const idempotencyKey = `${camera}:${++requests}`;
  const body = JSON.stringify({
    camera_id: camera,
    model: MODEL,
    idempotency_key: idempotencyKey,
    faces: [{ embedding }],
  });
  const response = await client.post('/v1/identify', body);
  if (response.status !== 200) throw new Error(`identify answered ${response.status}: ${response.text}`);
  return (JSON.parse(response.text) as IdentifyAnswer).results[0];
}

/**
 * The server's own time for each identify, from its access lines (`reply.elapsedTime`): collected while
 * `collecting`, in request order (the sequential passes send one request at a time).
 */
class ServerSideTimes {
  collecting = false;
  readonly samplesMs: number[] = [];

  onRequest = (request: CompletedRequest): void => {
    if (this.collecting && request.url === '/v1/identify') this.samplesMs.push(request.responseTime);
  };

  /** Waits until `count` access lines arrived (they travel through the server's stdout pipe). */
  async awaitCount(count: number): Promise<number[]> {
    for (let waited = 0; this.samplesMs.length < count && waited < 5000; waited += 50) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    if (this.samplesMs.length !== count) {
      throw new Error(`expected ${count} identify access lines, got ${this.samplesMs.length}`);
    }
    this.collecting = false;
    return this.samplesMs;
  }
}

/** Measures every loaded gallery of `sizes`; rewrites the Scale measure (and load) sections of RESULTS.md. */
export async function measureScales(options: ClusterScaleOptions): Promise<void> {
  const dir = datasetDir(options.root, options.kind);
  const meta = readMeta(dir);
  const owners = readOwners(dir);
  const rows: MeasureRow[] = [];
  let pgVersion = '';
  for (const size of options.sizes) {
    const gallery = await loadedGalleryProbes(options, meta, size);
    if (!gallery) {
      console.log(`no loaded ${options.kind} gallery of ${size}: run the load phase first`);
      continue;
    }
    const { probes, exact } = gallery;
    const url = options.cluster.url(databaseName(options.kind, size));
    pgVersion = pgVersionOf(url);
    // Every run starts from first sightings (no attendance recorded yet), so re-runs measure the same work.
    execFileSync('psql', [url, '-qc', 'TRUNCATE attendance_event']);
    // A build or load just before leaves gigabytes for the checkpointer to write while we measure.
    execFileSync('psql', [url, '-qc', 'CHECKPOINT']);
    // The server and the SQL baseline search alike: the server's defaults, or the MATCHING_ENV variables.
    const { policy, env } = await matchingPolicy(url);
    const { efSearch } = policy;
    const serverSide = new ServerSideTimes();
    const server = await startServerProcess({
      databaseUrl: url,
      dataDir: path.join(options.root, 'server', `measure-${size}`),
      onRequest: serverSide.onRequest,
      env,
    });
    const client = new JsonClient(server.baseUrl, { 'x-api-key': server.apiKey });
    const sql = await SqlNearest.open(url, {
      model: MODEL,
      dim: meta.dim,
      limit: 10,
      indexPrecision: 'halfvec',
    });
    try {
      await sql.prewarmIndex();
      // Warm-up: JIT of both paths, the probes' heap pages (its sightings count as repeats later).
      for (const probe of probes) await sql.identifySearch(probe.embedding, policy);
      for (const probe of probes.slice(0, 30)) await identify(client, probe, 'warmup');

      // Two passes over the probes, each request right after the SQL statement for the same probe (same
      // machine conditions): pass 1 = first sightings (an event is written and committed), pass 2 = the
      // same people again within the cooldown (a confirming read, no write). Split by the answer's status.
      const sqlSamples: number[] = [];
      const byStatus: Record<string, number[]> = {};
      const statuses: string[] = [];
      let httpAgree = 0;
      let rechecks = 0;
      serverSide.collecting = true;
      for (const pass of [1, 2]) {
        for (const [i, probe] of probes.entries()) {
          const search = await sql.identifySearch(probe.embedding, policy);
          sqlSamples.push(search.ms);
          if (pass === 1 && search.rechecked) rechecks++;
          const t0 = performance.now();
          const result = await identify(client, probe, `seq-${size}`);
          const ms = performance.now() - t0;
          const status = result?.status ?? 'error';
          (byStatus[status] ??= []).push(ms);
          statuses.push(status);
          if (pass === 1 && result?.person?.external_id === `P-${exact[i]?.person ?? -1}`) httpAgree++;
        }
      }
      const serverMs = await serverSide.awaitCount(statuses.length);
      const serverRepeatMs = serverMs.filter((_, k) => statuses[k] === 'already_recorded');
      const http = { samplesMs: Object.values(byStatus).flat() };
      const concurrency = [];
      for (const clients of CLIENTS) {
        const total = Math.max(probes.length, clients * 40);
        const run = await runConcurrent(total, clients, async (i) => {
          const probe = probes[i % probes.length];
          if (probe) await identify(client, probe, `c${clients}-${size}`, 'float16');
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
          } else if (probe.real && ef === efSearch) {
            const miss = { dir, meta, owners, size, probe: probe.embedding, exact: exact[i] };
            console.log(
              `  miss, real probe ${i}: ${describeMiss({ ...miss, hnswExternalId: top.externalId })}`,
            );
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
      const twoStage = [];
      for (const efSearchFast of FAST_SWEEP.filter((fast) => fast < efSearch)) {
        const samples: number[] = [];
        let synth = 0;
        let real = 0;
        let rechecked = 0;
        for (const [i, probe] of probes.entries()) {
          const search = await sql.identifySearch(probe.embedding, { ...policy, efSearchFast });
          samples.push(search.ms);
          if (search.rechecked) rechecked++;
          if (search.externalId === `P-${exact[i]?.person ?? -1}`) {
            if (probe.real) real++;
            else synth++;
          } else if (probe.real && efSearchFast === policy.efSearchFast) {
            const miss = { dir, meta, owners, size, probe: probe.embedding, exact: exact[i] };
            console.log(
              `  two-stage miss, real probe ${i}: ${describeMiss({ ...miss, hnswExternalId: search.externalId })}`,
            );
          }
        }
        const realCount = probes.filter((p) => p.real).length;
        const stage = {
          efSearchFast,
          p50: summarize(samples).p50,
          p99: summarize(samples).p99,
          recallSynthetic: synth / (probes.length - realCount),
          recallReal: real / realCount,
          rechecked: rechecked / probes.length,
        };
        twoStage.push(stage);
        console.log(
          `  ${size} ef_search ${efSearchFast} → ${efSearch}: p50 ${stage.p50.toFixed(2)} p99 ${stage.p99.toFixed(2)} ms, ` +
            `recall@1 ${stage.recallSynthetic.toFixed(3)} synthetic, ${stage.recallReal.toFixed(3)} real, rechecked ${stage.rechecked.toFixed(3)}`,
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
        efSearchFast: policy.efSearchFast,
        rechecked: rechecks / probes.length,
        sql: summarize(sqlSamples),
        http: summarize(http.samplesMs),
        httpFirst: summarize(byStatus.recorded ?? []),
        httpRepeat: summarize(byStatus.already_recorded ?? []),
        serverRepeat: summarize(serverRepeatMs),
        serverAll: summarize(serverMs),
        concurrency,
        recallHttp: httpAgree / probes.length,
        sweep,
        twoStage,
        accuracySynthetic: accurate(false),
        accuracyReal: accurate(true),
        serverRssMiB: rssMiB(server.pid),
        postgresPssMiB: postgresPssMiB(options.cluster.dataDir),
        probes: probes.length - realCount,
        realProbes: realCount,
      };
      rows.push(row);
      const line = (label: string, l: LatencySummary | undefined) =>
        l ? `${label} p50 ${l.p50.toFixed(2)} p99 ${l.p99.toFixed(2)} (n ${l.n})` : `${label} –`;
      console.log(
        `${options.kind} ${size}: ${line('SQL', row.sql)} | ${line('HTTP first', row.httpFirst)} | ` +
          `${line('HTTP repeat', row.httpRepeat)} | ${line('server-side repeat', row.serverRepeat)} | ` +
          `recall ${row.recallHttp} | load ${loadavg()[0]?.toFixed(2)}`,
      );
    } finally {
      client.close();
      await sql.close();
      await server.stop();
    }
  }
  const all = allMeasureRows(options.resultsDir, rows);
  await writeMeasureSection(all, pgVersion, measureCommand(all));
  await writeLoadSection(options.resultsDir);
}

/**
 * The matching configuration of a server on `databaseUrl` under the MATCHING_ENV variables set here, and
 * those variables.
 */
async function matchingPolicy(
  databaseUrl: string,
): Promise<{ policy: RecheckPolicy; env: Record<string, string> }> {
  const { loadConfig } = await import('../../apps/server/src/config.js');
  const env = Object.fromEntries(
    MATCHING_ENV.flatMap((name) => (process.env[name] === undefined ? [] : [[name, process.env[name]]])),
  ) as Record<string, string>;
  const { matching } = loadConfig({ ...env, DATABASE_URL: databaseUrl });
  return { policy: identifyPolicy(matching), env };
}

/** The exact top-1 of every loaded gallery's probes, computed and cached ahead of a measure run. */
export async function precomputeExact(options: ScaleOptions): Promise<void> {
  const meta = readMeta(datasetDir(options.root, options.kind));
  for (const size of options.sizes) await loadedGalleryProbes(options, meta, size);
}

/** The probes of a loaded gallery with their exact top-1 (cached), or undefined when it was never loaded. */
async function loadedGalleryProbes(options: Omit<ScaleOptions, 'sizes'>, meta: DatasetMeta, size: number) {
  const load = readLoads(options.resultsDir).find((l) => l.kind === options.kind && l.templates === size);
  if (!load) return undefined;
  return probesWithTruth({
    dir: datasetDir(options.root, options.kind),
    meta,
    size,
    persons: load.persons - 1,
    count: PROBES,
    realFacesFile: options.realFacesFile,
    resultsDir: options.resultsDir,
  });
}
