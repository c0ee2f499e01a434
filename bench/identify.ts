/**
 * Identify benchmark on PostgreSQL + pgvector through the real HTTP API, next to the raw nearest-template
 * SQL in the same run. Run: `npx tsx bench/identify.ts` (BENCH_SIZES=10000,100000 BENCH_REQUESTS=500
 * BENCH_EF_SWEEP=40,80,200,400; BENCH_WRITE=0 prints without updating RESULTS.md).
 * Needs PostgreSQL with pgvector at TEST_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres);
 * it creates and drops its own database. Results are printed and written to bench/RESULTS.md (Server section).
 */
import { execFileSync } from 'node:child_process';
import { encodeEmbedding } from '@attendance/protocol';
import { preferredIndexPrecision } from '../apps/server/src/db/vector-sql.js';
import { TemplateRepository } from '../apps/server/src/repositories/template.repository.js';
import { randomUnitVector, seededRandom, vectorAtCosine } from '../apps/server/test/support/embeddings.js';
import { startBenchServer } from './bench-server.js';
import { writeServerResults, type SizeResult } from './identify-report.js';
import { sampleTemplates, seedTemplates } from './identify-seed.js';
import { fmt, runConcurrent, summarize } from './identify-stats.js';

const MODEL = 'default-512';
const DIM = 512;
const SIZES = (process.env.BENCH_SIZES ?? '10000,100000').split(',').map(Number);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 500);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const random = seededRandom(7);

const { server, config, baseUrl, apiKey, close } = await startBenchServer('identify');
const templates = new TemplateRepository();

const identifyHttp = async (embedding: number[] | ReturnType<typeof encodeEmbedding>, camera: string) => {
  const response = await fetch(`${baseUrl}/v1/identify`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': apiKey },
    body: JSON.stringify({ camera_id: camera, model: MODEL, faces: [{ embedding }] }),
  });
  if (response.status !== 200) {
    throw new Error(`identify answered ${response.status}: ${await response.text()}`);
  }
  return (await response.json()) as { results: { status: string; person: { id: string } | null }[] };
};

const EF_SWEEP = (process.env.BENCH_EF_SWEEP ?? '40,80,200,400').split(',').map(Number);

const nearestRaw = (probe: number[], exact = false, efSearch = config.matching.efSearch) =>
  server.db.transaction(async (tx) => {
    await templates.setEfSearch(tx, efSearch);
    if (exact) await tx.query("SELECT set_config('enable_indexscan', 'off', true)");
    const t0 = performance.now();
    const rows = await templates.findNearest(tx, {
      model: MODEL,
      dim: DIM,
      indexPrecision: preferredIndexPrecision(server.db.driver),
      probe: Float32Array.from(probe),
      limit: config.matching.candidates,
      activeOnly: true,
    });
    return { ms: performance.now() - t0, top: rows[0]?.personId };
  });

const results: SizeResult[] = [];
try {
  for (const size of SIZES) {
    const seeded = await seedTemplates(server.db, { model: MODEL, dim: DIM, total: size });
    console.log(`gallery ${size} templates (${seeded} added)`);
    const bases = await sampleTemplates(server.db, MODEL, REQUESTS * 2 + 200);
    const probes = bases.map((base) => vectorAtCosine(base, 0.8, random));
    for (const probe of probes.slice(0, 50)) await nearestRaw(probe);

    const raw = summarize(
      (await runConcurrent(REQUESTS, 1, async (i) => void (await nearestRaw(probes[i] ?? [])))).samplesMs,
    );
    const http = await runConcurrent(
      REQUESTS,
      1,
      async (i) => void (await identifyHttp(probes[i] ?? [], 'bench-seq')),
    );
    const httpSummary = summarize(http.samplesMs);
    const load = await runConcurrent(REQUESTS, CONCURRENCY, async (i) => {
      await identifyHttp(encodeEmbedding(probes[REQUESTS + i] ?? [], 'float16'), 'bench-load');
    });
    const recallProbes = probes.slice(probes.length - 200);
    const exactTop = [];
    for (const probe of recallProbes) exactTop.push((await nearestRaw(probe, true)).top);
    const sweep = [];
    for (const efSearch of EF_SWEEP) {
      const samples: number[] = [];
      let agree = 0;
      for (const [i, probe] of recallProbes.entries()) {
        const approx = await nearestRaw(probe, false, efSearch);
        samples.push(approx.ms);
        if (approx.top === exactTop[i]) agree++;
      }
      sweep.push({ efSearch, p50: summarize(samples).p50, recallAt1: agree / recallProbes.length });
    }
    const result: SizeResult = {
      size,
      raw,
      http: httpSummary,
      throughput: (REQUESTS / load.wallMs) * 1000,
      loadLatency: summarize(load.samplesMs),
      recallAt1: sweep.find((row) => row.efSearch === config.matching.efSearch)?.recallAt1 ?? Number.NaN,
      sweep,
    };
    results.push(result);
    console.log(
      `  raw SQL p50 ${fmt(raw.p50)} ms p99 ${fmt(raw.p99)} ms | HTTP p50 ${fmt(httpSummary.p50)} ms p99 ${fmt(httpSummary.p99)} ms` +
        ` (×${(httpSummary.p50 / raw.p50).toFixed(1)}) | ${result.throughput.toFixed(0)} req/s at ${CONCURRENCY} | ` +
        sweep.map((row) => `ef ${row.efSearch}: ${fmt(row.p50)} ms, recall@1 ${row.recallAt1}`).join('; '),
    );
  }
} finally {
  await close();
}

const sample = randomUnitVector(DIM, random);
const bodyBytes = (embedding: unknown) =>
  Buffer.byteLength(JSON.stringify({ camera_id: 'entrance-1', model: MODEL, faces: [{ embedding }] }));
const pgVersion = execFileSync(
  'psql',
  ['-At', '-h', '127.0.0.1', '-U', 'postgres', '-c', 'SHOW server_version'],
  {
    encoding: 'utf8',
  },
).trim();
await writeServerResults({
  results,
  requests: REQUESTS,
  concurrency: CONCURRENCY,
  efSearch: config.matching.efSearch,
  hnsw: config.hnsw,
  bytes: {
    json: bodyBytes(sample),
    float32: bodyBytes(encodeEmbedding(sample, 'float32')),
    float16: bodyBytes(encodeEmbedding(sample, 'float16')),
    compat: Buffer.byteLength(JSON.stringify({ embedding: sample, camera_id: 'Pro_Cam_01' })),
  },
  pgVersion,
});
