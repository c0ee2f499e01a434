/**
 * Load benchmark: N simulated entrance cameras (default 50) send identifies for 60 s to a real server
 * process on PostgreSQL + pgvector: strangers (25 %), people already recorded (inside the cooldown) and
 * people arriving for the first time. Prints throughput, p50/p99 latency, errors (wrong answers included),
 * the events stored against the events expected, and the server's heap/RSS after a full GC before and
 * after the run; writes the Load section of bench/RESULTS.md (BENCH_WRITE=0 prints only).
 *
 * Run: `npx tsx bench/load.ts` (LOAD_CAMERAS=50 LOAD_SECONDS=60 LOAD_RATE=2 (identifies/s per camera,
 * 0 = back to back) LOAD_PEOPLE=300). Needs PostgreSQL with pgvector at TEST_DATABASE_URL (default
 * postgres://postgres@127.0.0.1:5432/postgres); it creates and drops its own database.
 * The CI test apps/server/test/faults/load-50-cameras.test.ts runs the same scenario with the defaults.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import path from 'node:path';
import { loadFigures, runLoadScenario } from '../apps/server/test/faults/support/load-scenario.js';
import { createTestDatabase } from '../apps/server/test/support/test-server.js';
import { writeResultsSection } from './results-section.js';

const CAMERAS = Number(process.env.LOAD_CAMERAS ?? 50);
const SECONDS = Number(process.env.LOAD_SECONDS ?? 60);
const RATE = Number(process.env.LOAD_RATE ?? 2);
const PEOPLE = Number(process.env.LOAD_PEOPLE ?? 300);

const database = await createTestDatabase('postgres');
const dataDir = mkdtempSync(path.join(tmpdir(), 'attendance-load-'));
const loadBefore = os.loadavg();
try {
  const result = await runLoadScenario({
    databaseUrl: database.url ?? '',
    dataDir,
    cameras: CAMERAS,
    people: PEOPLE,
    durationMs: SECONDS * 1000,
    warmupMs: 5_000,
    ratePerCamera: RATE,
    seed: 5,
  });
  const f = loadFigures(result);
  const loadAfter = os.loadavg();
  const avg = (l: number[]) => l.map((x) => x.toFixed(1)).join(' / ');
  const offered =
    RATE > 0 ? `${String(RATE)} identifies/s each (${String(CAMERAS * RATE)}/s offered)` : 'back to back';
  await writeResultsSection('load', [
    `## Load: ${String(CAMERAS)} cameras for ${String(SECONDS)} s`,
    '',
    `- Date: ${new Date().toISOString()}; machine: ${String(os.cpus().length)} CPU cores (${os.cpus()[0]?.model ?? 'unknown'}), ` +
      `${String(Math.round(os.totalmem() / 2 ** 30))} GiB RAM; Node ${process.version}; ${result.pgVersion}; load average ` +
      `(1/5/15 min) ${avg(loadBefore)} before, ${avg(loadAfter)} after (other engineers' test suites shared the cores).`,
    `- Command: \`${RATE === 2 && CAMERAS === 50 && SECONDS === 60 && PEOPLE === 300 ? '' : `LOAD_CAMERAS=${String(CAMERAS)} LOAD_SECONDS=${String(SECONDS)} LOAD_RATE=${String(RATE)} LOAD_PEOPLE=${String(PEOPLE)} `}npx tsx bench/load.ts\`` +
      ' (the CI test `apps/server/test/faults/load-50-cameras.test.ts` runs the same scenario and asserts on it).',
    `- Server: \`apps/server/src/main.ts\` as its own process (logs at warn, memory cooldown cache, ${String(PEOPLE)} people ` +
      'enrolled, one 512-d template each), database on the same machine. Load generator: one loop per camera in ' +
      `another process, own edge key per camera, ${offered}, float16 bodies over keep-alive sockets; 25 % strangers, ` +
      '4 % first sightings, the rest people already recorded; every answer is checked (a wrong status or person is an error).',
    `- Memory: \`process.memoryUsage()\` in the server after two full GCs, after a 5 s warm-up and 2 s after the run.`,
    '',
    '| requests | req/s | p50 ms | p99 ms | errors | events stored / expected | heap before → after | RSS before → after |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    `| ${f.requests.toLocaleString('en-US')} | ${f.throughput.toFixed(1)} | ${f.p50.toFixed(1)} | ${f.p99.toFixed(1)} | ` +
      `${String(f.errors)} | ${String(result.events.total)} / ${String(f.expectedEvents)} | ` +
      `${f.heapBeforeMiB.toFixed(1)} → ${f.heapAfterMiB.toFixed(1)} MiB | ${f.rssBeforeMiB.toFixed(1)} → ${f.rssAfterMiB.toFixed(1)} MiB |`,
    '',
    `Answers: ${Object.entries(result.run.statuses)
      .map(([status, count]) => `${status} ${count.toLocaleString('en-US')}`)
      .join(', ')}. When req/s is below the offered rate the machine, not the cameras, was the limit: the`,
    'latencies then include queueing behind the other suites on the same 2 cores, and only the error count,',
    'the exact event count and the memory figures are properties of the server.',
  ]);
  if (f.errors > 0) console.error(result.run.errorSamples.join('\n'));
  process.exitCode = f.errors === 0 && result.events.total === f.expectedEvents ? 0 : 1;
} finally {
  await database.drop();
  rmSync(dataDir, { recursive: true, force: true });
}
