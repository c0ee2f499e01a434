import os from 'node:os';
import type { LatencySummary } from './identify-stats.js';
import { fmt } from './identify-stats.js';
import { writeResultsSection } from './results-section.js';

export interface SizeResult {
  size: number;
  raw: LatencySummary;
  http: LatencySummary;
  throughput: number;
  loadLatency: LatencySummary;
  recallAt1: number;
  /** Raw SQL p50 and recall@1 per hnsw.ef_search value (200 probes). */
  sweep: { efSearch: number; p50: number; recallAt1: number }[];
}

/** Prints and rewrites the Server section of bench/RESULTS.md (other sections untouched). */
export async function writeServerResults(run: {
  results: SizeResult[];
  requests: number;
  concurrency: number;
  efSearch: number;
  hnsw: { m: number; efConstruction: number };
  bytes: { json: number; float32: number; float16: number; compat: number };
  pgVersion: string;
}): Promise<void> {
  const rows = run.results.map(
    (r) =>
      `| ${r.size.toLocaleString('en-US')} | ${fmt(r.raw.p50)} | ${fmt(r.raw.p99)} | ${fmt(r.http.p50)} | ${fmt(r.http.p99)} | ` +
      `${(r.http.p50 / r.raw.p50).toFixed(1)}× | ${r.throughput.toFixed(0)} | ${fmt(r.loadLatency.p50)} / ${fmt(r.loadLatency.p99)} | ${(r.recallAt1 * 100).toFixed(1)} % |`,
  );
  await writeResultsSection('server:identify', [
    '## Server: identify on PostgreSQL + pgvector',
    '',
    `- Date: ${new Date().toISOString()}; machine: ${os.cpus().length} CPU cores (${os.cpus()[0]?.model ?? 'unknown'}), ` +
      `${Math.round(os.totalmem() / 2 ** 30)} GiB RAM; Node ${process.version}; PostgreSQL ${run.pgVersion} with pgvector; ` +
      `load average at the end ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(' / ')} (other test suites shared the 2 cores).`,
    '- Command: `npx tsx bench/identify.ts` (server and database on the same machine, logs silent).',
    `- HNSW m=${run.hnsw.m}, ef_construction=${run.hnsw.efConstruction}, ef_search=${run.efSearch}; nearest 10 then threshold; ` +
      '512-d random unit templates (one per person), probes at cosine 0.8 to a random enrolled template.',
    `- Raw SQL = the nearest-template statement alone (inside its transaction with set_config), sequential, ${run.requests} probes.`,
    `- HTTP = \`POST /v1/identify\` over a real socket (keep-alive), sequential, ${run.requests} requests, JSON number arrays; ` +
      'each is a first sighting, so it includes auth, search, the cooldown transaction and the event insert.',
    `- Throughput = ${run.requests} requests with ${run.concurrency} concurrent clients, float16 base64 bodies.`,
    '- recall@1 = HNSW top person equals the exact (sequential scan) top person, 200 probes.',
    '',
    '| templates | SQL p50 ms | SQL p99 ms | HTTP p50 ms | HTTP p99 ms | HTTP/SQL p50 | req/s | loaded p50 / p99 ms | recall@1 |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows,
    '',
    'Recall against latency (raw SQL p50 ms / recall@1 per `HNSW_EF_SEARCH`, 200 probes):',
    '',
    `| templates | ${run.results[0]?.sweep.map((row) => `ef_search ${row.efSearch}`).join(' | ') ?? ''} |`,
    `| ---: |${run.results[0]?.sweep.map(() => ' ---: |').join('') ?? ''}`,
    ...run.results.map(
      (r) =>
        `| ${r.size.toLocaleString('en-US')} | ${r.sweep.map((row) => `${fmt(row.p50)} / ${(row.recallAt1 * 100).toFixed(1)} %`).join(' | ')} |`,
    ),
    '',
    'Reading these numbers: the run shared 2 cores with other test suites (see load average), so absolute',
    'latencies are inflated and noisy; the HTTP/SQL ratio is the useful figure. The HTTP path adds the zod',
    'validation of the body, auth, the ef_search transaction and, because every probe is a first sighting, the',
    'cooldown transaction with its event insert. Uniform random 512-d templates are the hardest case for HNSW',
    '(no cluster structure), which is why recall@1 falls at 100k with the default `HNSW_EF_SEARCH=80`; real face',
    'embeddings are easier, but for galleries of ~100k people raise `HNSW_EF_SEARCH` (see the sweep above)',
    'or measure with your own templates.',
    '',
    'Bytes per recognition event (request body, one 512-d face):',
    '',
    '| form | bytes |',
    '| --- | ---: |',
    `| JSON number array (\`/v1/identify\`) | ${run.bytes.json} |`,
    `| base64 float32 | ${run.bytes.float32} |`,
    `| base64 float16 | ${run.bytes.float16} |`,
    `| original \`/attendance/identify\` body | ${run.bytes.compat} |`,
  ]);
}
