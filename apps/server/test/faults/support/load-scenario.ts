/**
 * @module The load scenario shared by `bench/load.ts` and the CI load test: a real server process on a
 * fresh PostgreSQL database, N enrolled people, one edge key per camera, a warm-up, then the measured run;
 * the server's memory (after a full GC) before and after, and the events the database ended up with.
 */
import path from 'node:path';
import pg from 'pg';
import { randomUnitVector, seededRandom } from '../../support/embeddings.js';
import { ServerProcess, freePort, type ServerMemory } from '../../support/server-process.js';
import { createEdgeKey, enrollPeople } from './fault-fixtures.js';
import { runLoad, type LoadReport } from './load-generator.js';
import { summarize } from '../../../../../bench/identify-stats.js';

export interface LoadScenarioOptions {
  /** A fresh, empty database (the scenario migrates it through the server). */
  databaseUrl: string;
  dataDir: string;
  cameras: number;
  people: number;
  durationMs: number;
  warmupMs: number;
  ratePerCamera: number;
  seed: number;
}

export interface LoadScenarioResult {
  options: LoadScenarioOptions;
  run: LoadReport;
  warmup: LoadReport;
  memoryBefore: ServerMemory;
  memoryAfter: ServerMemory;
  /** Events in the database and how many distinct people they belong to. */
  events: { total: number; people: number };
  pgVersion: string;
}

const ADMIN_KEY = 'sa_load_admin_key_0123456789abcdef';

export async function runLoadScenario(options: LoadScenarioOptions): Promise<LoadScenarioResult> {
  const server = new ServerProcess(
    await freePort(),
    { DATABASE_URL: options.databaseUrl, API_KEY: ADMIN_KEY, DATA_DIR: path.join(options.dataDir, 'server') },
    { memoryProbe: true },
  );
  await server.start();
  try {
    const random = seededRandom(options.seed);
    const people = Array.from({ length: options.people }, () => randomUnitVector(512, random));
    const personIds = await enrollPeople(server.baseUrl, ADMIN_KEY, people, 4);
    const cameraKeys: string[] = [];
    for (let camera = 0; camera < options.cameras; camera++) {
      cameraKeys.push(await createEdgeKey(server.baseUrl, ADMIN_KEY, `load camera ${String(camera)}`));
    }
    const mix = {
      baseUrl: server.baseUrl,
      cameraKeys,
      people,
      personIds,
      ratePerCamera: options.ratePerCamera,
      strangerShare: 0.25,
      // New arrivals spread over warm-up and run: about half the people show up during the test.
      newPersonShare: 0.04,
    };
    const warmup = await runLoad({ ...mix, durationMs: options.warmupMs, seed: options.seed + 1 });
    const memoryBefore = await server.memory();
    const run = await runLoad({
      ...mix,
      durationMs: options.durationMs,
      seed: options.seed + 2,
      arrived: warmup.arrived,
    });
    await new Promise((resolve) => setTimeout(resolve, 2_000)); // let in-flight work and sockets settle
    const memoryAfter = await server.memory();
    const { events, pgVersion } = await databaseFacts(options.databaseUrl);
    return { options, run, warmup, memoryBefore, memoryAfter, events, pgVersion };
  } finally {
    await server.stop();
  }
}

async function databaseFacts(url: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const counts = await client.query<{ total: number; people: number }>(
      'SELECT count(*)::int AS total, count(DISTINCT person_id)::int AS people FROM attendance_event',
    );
    const version = await client.query<{ v: string }>(
      `SELECT 'PostgreSQL ' || current_setting('server_version') || ', pgvector ' || extversion AS v
       FROM pg_extension WHERE extname = 'vector'`,
    );
    return {
      events: counts.rows[0] ?? { total: -1, people: -1 },
      pgVersion: version.rows[0]?.v ?? 'unknown',
    };
  } finally {
    await client.end();
  }
}

const mib = (bytes: number) => bytes / 2 ** 20;

/** The numbers a load run is judged by, in one place for the test's log and the bench report. */
export function loadFigures(result: LoadScenarioResult) {
  const latency = summarize(result.run.latenciesMs);
  return {
    requests: result.run.requests,
    throughput: result.run.requests / (result.run.elapsedMs / 1000),
    p50: latency.p50,
    p99: latency.p99,
    errors: result.run.errors + result.warmup.errors,
    expectedEvents: result.run.arrived,
    heapBeforeMiB: mib(result.memoryBefore.heapUsed),
    heapAfterMiB: mib(result.memoryAfter.heapUsed),
    rssBeforeMiB: mib(result.memoryBefore.rss),
    rssAfterMiB: mib(result.memoryAfter.rss),
  };
}
