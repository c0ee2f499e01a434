/**
 * Peak memory of the server while it receives, parses and imports a maximal `POST /v1/people/bulk` body
 * (BULK_BODY_LIMIT_BYTES, default 32 MiB, of JSON number arrays), on embedded PGlite and on PostgreSQL,
 * and the slowest `/health/live` answer meanwhile. Run on a quiet machine (load < 2):
 *
 *   npx tsx bench/bulk-body.ts
 *
 * Peak RSS is the kernel's high-water mark of the server process (VmHWM in /proc/<pid>/status). Writes the
 * "bulk-body" section of bench/RESULTS.md (BENCH_WRITE=0 prints only).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { maximalBulkBody } from '../apps/server/test/support/bulk-bodies.js';
import { freePort, ServerProcess } from '../apps/server/test/support/server-process.js';
import { createTestDatabase } from '../apps/server/test/support/test-server.js';
import { writeResultsSection } from './results-section.js';

const LIMIT_BYTES = 32 * 1024 * 1024;
const mib = (bytes: number) => (bytes / 2 ** 20).toFixed(0);

function postWithoutTimeout(url: string, apiKey: string, body: string) {
  return new Promise<{ status: number; text: string }>((resolve, reject) => {
    const request = http.request(url, {
      method: 'POST',
      headers: { 'x-api-key': apiKey, 'content-type': 'application/json' },
    });
    request.on('response', (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }),
      );
    });
    request.on('error', reject);
    request.end(body);
  });
}

function peakRss(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').match(/^VmHWM:\s+(\d+) kB/m);
  return Number(line?.[1] ?? 0) * 1024;
}

async function measure(driver: 'pglite' | 'postgres'): Promise<string> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'bench-bulk-body-'));
  const database = driver === 'postgres' ? await createTestDatabase('postgres') : undefined;
  const apiKey = `sa_bench_admin_${randomBytes(16).toString('hex')}`;
  const server = new ServerProcess(await freePort(), {
    API_KEY: apiKey,
    DATA_DIR: dataDir,
    LOG_FILE: 'false',
    ...(database?.url ? { DATABASE_URL: database.url } : {}),
  });
  try {
    await server.start(300_000);
    const pid = server.pid ?? 0;
    const idle = peakRss(pid);
    const { body, people } = maximalBulkBody(LIMIT_BYTES, { model: 'default-512', templatesPerPerson: 2 });
    const latencies: number[] = [];
    let importing = true;
    const probing = (async () => {
      while (importing) {
        const started = performance.now();
        await fetch(`${server.baseUrl}/health/live`);
        latencies.push(performance.now() - started);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    })();
    const started = performance.now();
    // node:http, not fetch: fetch gives up waiting for the answer after 300 s (a loaded machine's PGlite import).
    const response = await postWithoutTimeout(`${server.baseUrl}/v1/people/bulk`, apiKey, body).finally(
      () => {
        importing = false;
      },
    );
    const seconds = (performance.now() - started) / 1000;
    await probing;
    if (response.status !== 201) throw new Error(`import answered ${response.status}: ${response.text}`);
    const sorted = [...latencies].sort((a, b) => a - b);
    const p99 = sorted[Math.floor(sorted.length * 0.99)] ?? 0;
    return (
      `| ${driver} | ${mib(Buffer.byteLength(body))} MiB, ${people} people × 2 | ${seconds.toFixed(1)} s | ` +
      `${mib(idle)} MiB | ${mib(peakRss(pid))} MiB | ${p99.toFixed(0)} ms | ${Math.max(...latencies).toFixed(0)} ms |`
    );
  } finally {
    await server.stop();
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
const loadBefore = os.loadavg()[0]?.toFixed(1) ?? '?';
const rows: string[] = [];
for (const driver of ['pglite', 'postgres'] as const) rows.push(await measure(driver));
await writeResultsSection('bulk-body', [
  '## A maximal bulk import body: memory and liveness',
  '',
  `${new Date().toISOString().slice(0, 16)}Z, ${cpu} (${String(os.cpus().length)} cores, load ${loadBefore} before,`,
  `${os.loadavg()[0]?.toFixed(1) ?? '?'} after), \`npx tsx bench/bulk-body.ts\`: one \`POST /v1/people/bulk\` of JSON number`,
  `arrays as close to the ${mib(LIMIT_BYTES)} MiB limit as whole people allow (check_duplicates off), while`,
  '`/health/live` is probed every 50 ms. The body is parsed and validated on a worker thread. Peak RSS is',
  "the server process's VmHWM.",
  '',
  '| database | body | import | RSS before | peak RSS | /health/live p99 | slowest |',
  '| --- | --- | --- | --- | --- | --- | --- |',
  ...rows,
]);
