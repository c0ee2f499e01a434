import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { LatencySummary } from '../identify-stats.js';
import { writeResultsSection } from '../results-section.js';
import { CLUSTER_SETTINGS, machineDescription } from './cluster.js';
import { hugePagesInUseMiB } from './memory.js';
import type { LoadResult } from './load.js';

const f2 = (ms: number) => ms.toFixed(2);
const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;
const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
const n = (x: number) => x.toLocaleString('en-US');

/** Writes the `scale:<name>` section of bench/RESULTS.md. */
const writeSection = (name: string, lines: string[]) => writeResultsSection(`scale:${name}`, lines);

export function environmentLine(pgVersion: string): string {
  return (
    `Date ${new Date().toISOString()}; ${machineDescription()}; Node ${process.version}; ${pgVersion}; ` +
    `load average ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(
        ' / ',
      )} (1/5/15 min at the end of the phase: the bench, the server and PostgreSQL count themselves)`
  );
}

/** Whether the cluster's shared memory was on huge pages (`huge_pages = try` uses them when reserved). */
function hugePagesLine(): string {
  const inUseMiB = hugePagesInUseMiB();
  return inUseMiB > 0
    ? `Huge pages: ${n(Math.round(inUseMiB))} MiB in use at the end (PostgreSQL's shared memory on 2 MiB pages).`
    : 'Huge pages: none in use (`vm.nr_hugepages` 0), shared memory on 4 KiB pages.';
}

export function pgVersionOf(url: string): string {
  const out = execFileSync(
    'psql',
    [
      url,
      '-At',
      '-c',
      "SELECT 'PostgreSQL ' || current_setting('server_version') || ', pgvector ' || extversion FROM pg_extension WHERE extname = 'vector'",
    ],
    {
      encoding: 'utf8',
    },
  );
  return out.trim();
}

const settingsLine = () =>
  `Bench PostgreSQL (own cluster from \`bench/scale/cluster.ts\`, port 5544, data under \`/work/bench-data\`): ${Object.entries(
    CLUSTER_SETTINGS,
  )
    .map(([k, v]) => `${k}=${v}`)
    .join(', ')}.`;

export function readLoads(resultsDir: string): LoadResult[] {
  if (!existsSync(resultsDir)) return [];
  return readdirSync(resultsDir)
    .filter((f) => f.startsWith('load-') && f.endsWith('.json'))
    .map((f) => JSON.parse(readFileSync(path.join(resultsDir, f), 'utf8')) as LoadResult)
    .filter((r) => r.storage === 'vector')
    .sort((a, b) => a.kind.localeCompare(b.kind) || a.templates - b.templates);
}

/** Load phase: load rate, index build time and sizes per gallery. */
export async function writeLoadSection(resultsDir: string): Promise<void> {
  const loads = readLoads(resultsDir);
  await writeSection('load', [
    '## Scale: bulk enrollment and HNSW build',
    '',
    `- Command: \`npx tsx bench/scale.ts generate 1000000 && npx tsx bench/scale.ts load 100000,300000,1000000\` ` +
      '(`SCALE_KIND=uniform` for the uniform galleries).',
    `- ${settingsLine()}`,
    '- Load = `POST /v1/people/bulk` batches of 500 people × 3 templates (float32 base64, 2 requests in flight, no duplicate check) ' +
      'into the server process with the HNSW index dropped (`DELETE /v1/models/default-512/index`); build = `POST /v1/models/default-512/index` ' +
      "(server logs the percentage from `pg_stat_progress_create_index`) with the server's HNSW m / ef_construction " +
      '(read back from the built index: the server defaults, or `HNSW_M` / `HNSW_EF_CONSTRUCTION` given to the bench).',
    '',
    '| gallery | templates | people | load s | templates/s | HNSW m / ef_construction | HNSW build s | index size | table size (heap + TOAST) | loaded at | load avg |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |',
    ...loads.map(
      (r) =>
        `| ${r.kind} | ${n(r.templates)} | ${n(r.persons)} | ${r.loadSeconds.toFixed(0)} | ${r.templatesPerSecond.toFixed(0)} | ` +
        `${r.hnsw ? `${r.hnsw.m} / ${r.hnsw.efConstruction}` : '16 / 64'} | ${r.indexBuildSeconds.toFixed(0)} | ${mib(r.indexBytes)} | ${mib(r.tableBytes)} | ${r.date.slice(0, 16)}Z | ${r.loadAverage.map((l) => l.toFixed(1)).join(' / ')} |`,
    ),
  ]);
}

export interface MeasureRow {
  kind: string;
  templates: number;
  efSearch: number;
  /** Identify's first-search breadth (rows saved before the recheck existed have none: one search). */
  efSearchFast?: number;
  /** Share of probes whose first search was rechecked at `efSearch`. */
  rechecked?: number;
  sql: LatencySummary;
  /** Every sequential identify (both passes). */
  http: LatencySummary;
  /** First sightings: an attendance event written and committed. */
  httpFirst?: LatencySummary;
  /** Repeat sightings within the cooldown: a confirming read, no write, timed at the client. */
  httpRepeat?: LatencySummary;
  /** The same repeats timed by the server itself (access line `responseTime`): the 30 % target. */
  serverRepeat?: LatencySummary;
  /** Every sequential identify (first sightings, repeats, strangers) timed by the server itself. */
  serverAll?: LatencySummary;
  concurrency: { clients: number; rps: number; latency: LatencySummary }[];
  recallHttp: number;
  sweep: { ef: number; p50: number; p99: number; recallSynthetic: number; recallReal: number }[];
  /** The product's search (first search at `efSearchFast`, recheck at `efSearch`) per first breadth. */
  twoStage?: {
    efSearchFast: number;
    p50: number;
    p99: number;
    recallSynthetic: number;
    recallReal: number;
    rechecked: number;
  }[];
  accuracySynthetic: number;
  accuracyReal: number;
  serverRssMiB: number;
  postgresPssMiB: number;
  probes: number;
  realProbes: number;
}

/** p50 / p95 / p99; '–' for a row saved by a measure run that did not record this split yet. */
const latencies = (l: LatencySummary | undefined) => (l ? `${f2(l.p50)} / ${f2(l.p95)} / ${f2(l.p99)}` : '–');

/** Measure phase: latency HTTP vs SQL, concurrency, recall sweep, memory. */
export async function writeMeasureSection(
  rows: MeasureRow[],
  pgVersion: string,
  command: string,
): Promise<void> {
  const first = rows[0];
  await writeSection('measure', [
    '## Scale: identify latency, throughput, recall and memory',
    '',
    `- ${environmentLine(pgVersion)}.`,
    `- Command: \`${command}\` (re-runs only this phase against the loaded galleries).`,
    `- Probes: ${first?.probes ?? 0} synthetic (a fresh sample of a random enrolled identity of the generator fitted to the real embeddings, genuine cosine median ≈ 0.8) + ` +
      `${first?.realProbes ?? 0} held-out real photos (faceplugin-512 embeddings of \`../shared/faces\`, the other photos of each person enrolled).`,
    '- SQL = the product statement (`TemplateRepository.nearestSql` with `efSearch` and `confirmTop`: nearest 10 then join person, setting `hnsw.ef_search` itself, ' +
      "and reading the best person's cooldown confirmation: the event under the request's idempotency key, or its event within the window), " +
      'exactly the text and parameters identify sends, on its own connection, timed at the client; run as identify runs it (`searchWithRecheck`): ' +
      'at the first breadth, then once more at full breadth unless the answer is a clear match, both round trips counted ("rechecked" = share of probes that needed the second). ' +
      'HTTP = `POST /v1/identify` (JSON array, one face) to the server process over keep-alive (`node:http`), timed at the client, and **server-side** = the same requests timed by the server itself ' +
      "(its access line's `responseTime`, from the request's arrival to the response's end): auth, JSON parsing, validation, search, cooldown, serialisation included; the loopback and the client's own HTTP stack excluded. " +
      'Each request right after the SQL statement for the same probe; two passes: **first sighting** = the attendance event is written and committed (fsync), ' +
      '**repeat** = the same person again within the cooldown (the cache hit is confirmed by the search statement itself: no write). Every request carries its own idempotency key, as the edge agent sends. The HTTP overhead target (≤ 30 %) is judged on repeats, server-side: ' +
      'a door camera sends the same person frame after frame, so most identifies are repeats; a first sighting adds a durable write that raw SQL search does not do.',
    '- recall@1 = the top person of the HNSW search equals the top person of an exact search computed outside the database ' +
      '(JS worker threads over the same float32 templates); accuracy = exact top person is the true identity (a property of the data, not of the index).',
    "- Memory: server = RSS of the server process after the run; PostgreSQL = sum of PSS over the cluster's processes (shared_buffers counted once), plus the huge pages in use (shared memory on huge pages is in no PSS).",
    `- Before each gallery the model's HNSW index is read into shared_buffers (\`pg_prewarm\`). ${hugePagesLine()}`,
    '',
    '| gallery | templates | ef_search (first → recheck) | rechecked | SQL p50 / p95 / p99 ms | HTTP repeat p50 / p95 / p99 ms (client) | HTTP repeat p50 / p95 / p99 ms (server-side) | server-side repeat − SQL p50 | HTTP first sighting p50 / p95 / p99 ms (client) | every identify p50 / p95 / p99 ms (server-side) | HTTP recall@1 | server RSS | PostgreSQL PSS + huge pages |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows.map(
      (r) =>
        `| ${r.kind} | ${n(r.templates)} | ${breadths(r)} | ${r.rechecked === undefined ? '–' : pct(r.rechecked)} | ${latencies(r.sql)} | ${latencies(r.httpRepeat)} | ${latencies(r.serverRepeat)} | ` +
        `${r.serverRepeat ? `${f2(r.serverRepeat.p50 - r.sql.p50)} ms (${pct(r.serverRepeat.p50 / r.sql.p50 - 1)})` : '–'} | ` +
        `${latencies(r.httpFirst)} | ${latencies(r.serverAll)} | ${pct(r.recallHttp)} | ${r.serverRssMiB.toFixed(0)} MiB | ${r.postgresPssMiB.toFixed(0)} MiB |`,
    ),
    '',
    'Throughput through HTTP with concurrent clients (requests/s; latency p50 / p99 ms at the client):',
    '',
    `| gallery | templates | ${first?.concurrency.map((c) => `${c.clients} client${c.clients > 1 ? 's' : ''}`).join(' | ') ?? ''} |`,
    `| --- | ---: |${first?.concurrency.map(() => ' ---: |').join('') ?? ''}`,
    ...rows.map(
      (r) =>
        `| ${r.kind} | ${n(r.templates)} | ${r.concurrency.map((c) => `${c.rps.toFixed(0)} req/s (${f2(c.latency.p50)} / ${f2(c.latency.p99)})`).join(' | ')} |`,
    ),
    '',
    'Recall@1 against exact search per `hnsw.ef_search` (SQL p50 / p99 ms; recall on synthetic probes; recall on real photos):',
    '',
    `| gallery | templates | exact accuracy (synthetic / real) | ${first?.sweep.map((s) => `ef_search ${s.ef}`).join(' | ') ?? ''} |`,
    `| --- | ---: | ---: |${first?.sweep.map(() => ' ---: |').join('') ?? ''}`,
    ...rows.map(
      (r) =>
        `| ${r.kind} | ${n(r.templates)} | ${pct(r.accuracySynthetic)} / ${pct(r.accuracyReal)} | ${r.sweep
          .map((s) => `${f2(s.p50)} / ${f2(s.p99)} ms; ${pct(s.recallSynthetic)}; ${pct(s.recallReal)}`)
          .join(' | ')} |`,
    ),
    ...twoStageTable(rows),
  ]);
}

/** `64 → 200` for identify's first search and its recheck; one number for a single search. */
const breadths = (r: MeasureRow) =>
  r.efSearchFast === undefined || r.efSearchFast >= r.efSearch
    ? `${r.efSearch}`
    : `${r.efSearchFast} → ${r.efSearch}`;

/** The product's search per first-search breadth: latency, recall and how often it rechecked. */
function twoStageTable(rows: MeasureRow[]): string[] {
  const withTwoStage = rows.filter((r) => r.twoStage?.length);
  const first = withTwoStage[0];
  if (!first?.twoStage) return [];
  return [
    '',
    "Identify's search as the product runs it: a first search at the breadth of each column, then a recheck at " +
      "the row's full `ef_search` unless the answer is a match at least `CLEAR_MATCH_MARGIN` above the threshold " +
      '(SQL p50 / p99 ms over both round trips; recall@1 synthetic; recall@1 real; share rechecked):',
    '',
    `| gallery | templates | recheck ef_search | ${first.twoStage.map((t) => `first ${t.efSearchFast}`).join(' | ')} |`,
    `| --- | ---: | ---: |${first.twoStage.map(() => ' ---: |').join('')}`,
    ...withTwoStage.map(
      (r) =>
        `| ${r.kind} | ${n(r.templates)} | ${r.efSearch} | ${(r.twoStage ?? [])
          .map(
            (t) =>
              `${f2(t.p50)} / ${f2(t.p99)} ms; ${pct(t.recallSynthetic)}; ${pct(t.recallReal)}; ${pct(t.rechecked)}`,
          )
          .join(' | ')} |`,
    ),
  ];
}

export interface StorageRow {
  label: string;
  load: LoadResult;
  sweep: { ef: number; p50: number; p99: number; recall: number }[];
  exactScanMs: number;
}

export async function writeStorageSection(rows: StorageRow[], probes: number): Promise<void> {
  const first = rows[0];
  await writeSection('storage', [
    '## Scale: storage of 512-d templates',
    '',
    `- ${environmentLine(rows[0] ? 'PostgreSQL 15 + pgvector 0.8' : '')}.`,
    `- Command: \`npx tsx bench/scale.ts storage ${first?.load.templates ?? ''}\`; same gallery and load path as the load phase; ` +
      `SQL latency and recall@1 over ${probes} synthetic probes + the held-out real photos; exact scan = the same statement with index scans off.`,
    '',
    `| storage | templates | load templates/s | HNSW build s | index size | table size | exact scan ms | ${first?.sweep.map((s) => `ef ${s.ef}: p50 / p99 ms, recall@1`).join(' | ') ?? ''} |`,
    `| --- | ---: | ---: | ---: | ---: | ---: | ---: |${first?.sweep.map(() => ' ---: |').join('') ?? ''}`,
    ...rows.map(
      (r) =>
        `| ${r.label} | ${n(r.load.templates)} | ${r.load.templatesPerSecond.toFixed(0)} | ${r.load.indexBuildSeconds.toFixed(0)} | ${mib(r.load.indexBytes)} | ${mib(r.load.tableBytes)} | ${r.exactScanMs.toFixed(0)} | ` +
        r.sweep.map((s) => `${f2(s.p50)} / ${f2(s.p99)}, ${pct(s.recall)}`).join(' | ') +
        ' |',
    ),
  ]);
}
