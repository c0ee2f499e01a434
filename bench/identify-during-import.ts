/**
 * Identify while a bulk import runs on the embedded PGlite database (one connection). A real server
 * process (no DATABASE_URL) holds a gallery of IMPORT_GALLERY people; then 1,000 people × 3 templates
 * (3,000 templates, float16 base64, duplicate check on) are imported in `POST /v1/people/bulk` requests of
 * 100 people while
 * one client sends an identify of a known face every 50 ms. Prints the identify latency (p50/p99/max,
 * measured at the client) during the import and on the idle server before it, and the import's duration;
 * writes the "identify during import" section of bench/RESULTS.md (BENCH_WRITE=0 prints only).
 *
 * Run: `npx tsx bench/identify-during-import.ts` (IMPORT_PEOPLE=1000 IMPORT_TEMPLATES=3 IMPORT_GALLERY=500).
 */
import { execSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { encodeEmbedding } from '@attendance/protocol';
import { randomUnitVector, seededRandom } from '../apps/server/test/support/embeddings.js';
import { freePort, ServerProcess } from '../apps/server/test/support/server-process.js';
import { writeResultsSection } from './results-section.js';

const PEOPLE = Number(process.env.IMPORT_PEOPLE ?? 1000);
const TEMPLATES = Number(process.env.IMPORT_TEMPLATES ?? 3);
const GALLERY = Number(process.env.IMPORT_GALLERY ?? 500);
const IDENTIFY_EVERY_MS = 50;
const PER_REQUEST = 100;

const adminKey = `sa_bench_${randomBytes(16).toString('hex')}`;
const random = seededRandom(2727);
const dataDir = mkdtempSync(path.join(tmpdir(), 'attendance-import-bench-'));
const server = new ServerProcess(await freePort(), {
  DATA_DIR: dataDir,
  API_KEY: adminKey,
  EMBEDDING_DIM: '512',
  RATE_LIMIT_KEY_PER_MINUTE: '0',
});

const post = (url: string, body: unknown) =>
  fetch(`${server.baseUrl}${url}`, {
    method: 'POST',
    headers: { 'x-api-key': adminKey, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

const batch = (count: number, prefix: string) => {
  const faces: number[][] = [];
  const people = Array.from({ length: count }, (_, i) => ({
    name: `${prefix} ${String(i)}`,
    external_id: `${prefix}-${String(i)}`,
    embeddings: Array.from({ length: TEMPLATES }, () => {
      const face = randomUnitVector(512, random);
      faces.push(face);
      return encodeEmbedding(face, 'float16');
    }),
  }));
  return { people, faces };
};

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
const stats = (latencies: number[]) => {
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    n: sorted.length,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    max: sorted.at(-1) ?? NaN,
  };
};

/** Identifies of known faces every 50 ms until `until` settles; latencies in ms. */
async function identifyWhile(until: Promise<unknown>, probes: number[][]): Promise<number[]> {
  let done = false;
  void until.finally(() => (done = true));
  const latencies: number[] = [];
  for (let i = 0; !done; i++) {
    const started = performance.now();
    const response = await post('/v1/identify', {
      camera_id: 'bench-door',
      model: 'default-512',
      faces: [{ embedding: encodeEmbedding(probes[i % probes.length] ?? [], 'float16') }],
    });
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`identify answered ${String(response.status)}`);
    if (!done) latencies.push(performance.now() - started);
    const wait = IDENTIFY_EVERY_MS - (performance.now() - started);
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  }
  return latencies;
}

/** `people` in requests of PER_REQUEST people (each well under the client's 300 s header timeout). */
async function importInRequests(people: unknown[], checkDuplicates: boolean): Promise<void> {
  for (let start = 0; start < people.length; start += PER_REQUEST) {
    const response = await post('/v1/people/bulk', {
      model: 'default-512',
      check_duplicates: checkDuplicates,
      people: people.slice(start, start + PER_REQUEST),
    });
    if (response.status !== 201) {
      throw new Error(`import answered ${String(response.status)}: ${await response.text()}`);
    }
  }
}

try {
  await server.start(300_000);
  const gallery = batch(GALLERY, 'gallery');
  await importInRequests(gallery.people, false);
  const probes = gallery.faces.filter((_, i) => i % TEMPLATES === 0);

  const idle = stats(await identifyWhile(new Promise((resolve) => setTimeout(resolve, 5000)), probes));

  const imported = batch(PEOPLE, 'import');
  const importStarted = performance.now();
  const importing = importInRequests(imported.people, true).then(() => performance.now() - importStarted);
  const during = stats(await identifyWhile(importing, probes));
  const importMs = await importing;

  const cpu = execSync("lscpu | sed -n 's/^Model name: *//p'").toString().trim();
  const f = (ms: number) => ms.toFixed(1);
  await writeResultsSection('identify-during-import', [
    '## Identify during a bulk import on embedded PGlite',
    '',
    `${new Date().toISOString().slice(0, 16)}Z, ${cpu} (${String(os.cpus().length)} cores, load ${os.loadavg()[0]?.toFixed(1)} at the end),`,
    `\`npx tsx bench/identify-during-import.ts\`: a real server process on PGlite (no DATABASE_URL) with a gallery`,
    `of ${String(GALLERY)} people × ${String(TEMPLATES)} templates imports ${String(PEOPLE)} people × ${String(TEMPLATES)} templates`,
    `(${String(PEOPLE * TEMPLATES)}, float16 base64, duplicate check on) in requests of ${String(PER_REQUEST)} people while one client identifies a known face`,
    `every ${String(IDENTIFY_EVERY_MS)} ms. Latency at the client, ms. The import writes person by person in short transactions`,
    'into float32 HNSW indexes (with the half-precision indexes PGlite had before, on the same machine: p99 195.7 ms,',
    'import 202.6 s; docs/scale.md).',
    '',
    '| identify            | requests | p50 | p99 | max |',
    '| ------------------- | -------: | --: | --: | --: |',
    `| idle server         | ${String(idle.n)} | ${f(idle.p50)} | ${f(idle.p99)} | ${f(idle.max)} |`,
    `| during the import   | ${String(during.n)} | ${f(during.p50)} | ${f(during.p99)} | ${f(during.max)} |`,
    '',
    `The import took ${(importMs / 1000).toFixed(1)} s. Target: identify p99 during the import under 100 ms.`,
  ]);
} finally {
  await server.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
