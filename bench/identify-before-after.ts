/**
 * Identify's HTTP p50 at SIZE templates on two source trees in one run: BEFORE_TREE (a checkout of the
 * commit before the attendance day model, with its own `npm ci`) and this tree. The gallery is seeded once
 * by the older tree's server and copied (CREATE DATABASE … TEMPLATE), so both servers answer over the same
 * templates and HNSW index; the newer server migrates its copy forward. Both run side by side and take
 * blocks of REQUESTS sequential identifies in turn (before, after, before, after…, ROUNDS times) so that
 * the shared machine's load drifts over both alike.
 *
 * Run: `BEFORE_TREE=/work/wt-days-before npx tsx bench/identify-before-after.ts`
 * (SIZE=100000 REQUESTS=300 ROUNDS=3; BENCH_WRITE=0 prints only). Needs PostgreSQL with pgvector at
 * TEST_DATABASE_URL.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { vectorAtCosine, seededRandom } from '../apps/server/test/support/embeddings.js';
import { TEST_DATABASE_URL } from '../apps/server/test/support/test-server.js';
import { fmt, summarize } from './identify-stats.js';
import { writeResultsSection } from './results-section.js';

const BEFORE_TREE = process.env.BEFORE_TREE ?? '/work/wt-days-before';
const AFTER_TREE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SIZE = Number(process.env.SIZE ?? 100_000);
const REQUESTS = Number(process.env.REQUESTS ?? 300);
const ROUNDS = Number(process.env.ROUNDS ?? 3);
const MODEL = 'default-512';
const API_KEY = 'sa_bench_admin_key_0123456789';
const SERVE_SCRIPT = 'bench/.identify-ab-serve.ts';
const random = seededRandom(11);

const urlOf = (name: string) => {
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = `/${name}`;
  return url.toString();
};

async function admin<T>(fn: (client: pg.Client) => Promise<T>, database?: string): Promise<T> {
  const client = new pg.Client({ connectionString: database ? urlOf(database) : TEST_DATABASE_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

interface Server {
  process: ChildProcess;
  baseUrl: string;
}

/** Starts `tree`'s server (its own code and node_modules) on `database`; `seed` grows the gallery first. */
function serve(tree: string, database: string, seed: boolean): Promise<Server> {
  copyFileSync(path.join(AFTER_TREE, 'bench/identify-ab-serve.ts'), path.join(tree, SERVE_SCRIPT));
  // Node itself (tsx from the tree's node_modules as a loader), so that SIGTERM reaches the server.
  const child = spawn(process.execPath, ['--import', 'tsx', SERVE_SCRIPT], {
    cwd: tree,
    env: {
      ...process.env,
      AB_DATABASE_URL: urlOf(database),
      AB_API_KEY: API_KEY,
      AB_MODEL: MODEL,
      AB_SEED: seed ? String(SIZE) : '',
      RATE_LIMIT_KEY_PER_MINUTE: '0',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`${tree}: server exited with ${String(code)}`)));
    child.stdout.on('data', (chunk: Buffer) => {
      const port = /listening (\d+)/.exec(chunk.toString())?.[1];
      if (port) resolve({ process: child, baseUrl: `http://127.0.0.1:${port}` });
    });
  });
}

async function stop(server: Server): Promise<void> {
  server.process.removeAllListeners('exit');
  const exited = new Promise((resolve) => server.process.once('exit', resolve));
  server.process.kill('SIGTERM');
  await exited;
}

async function identify(server: Server, embedding: number[]): Promise<number> {
  const started = performance.now();
  const response = await fetch(`${server.baseUrl}/v1/identify`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': API_KEY },
    body: JSON.stringify({ camera_id: 'bench-ab', model: MODEL, faces: [{ embedding }] }),
  });
  const body = await response.text();
  if (response.status !== 200) throw new Error(`identify answered ${String(response.status)}: ${body}`);
  return performance.now() - started;
}

const suffix = `${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
const databases = { before: `identify_ab_before_${suffix}`, after: `identify_ab_after_${suffix}` };
const running: Server[] = [];
try {
  await admin((client) => client.query(`CREATE DATABASE ${databases.before}`));
  const seeding = Date.now();
  await stop(await serve(BEFORE_TREE, databases.before, true));
  console.log(`seeded ${String(SIZE)} templates in ${((Date.now() - seeding) / 1000).toFixed(0)} s`);
  await admin(async (client) => {
    // A copy needs the source to itself: end any connection the stopped server's pool left behind.
    await client.query(
      'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
      [databases.before],
    );
    await client.query(`CREATE DATABASE ${databases.after} TEMPLATE ${databases.before}`);
  });
  const bases = await admin(async (client) => {
    const { rows } = await client.query<{ embedding: string }>(
      'SELECT embedding::text AS embedding FROM face_template WHERE model = $1 ORDER BY random() LIMIT $2',
      [MODEL, REQUESTS * ROUNDS + 50],
    );
    return rows.map((row) => JSON.parse(row.embedding) as number[]);
  }, databases.before);
  const probes = bases.map((base) => vectorAtCosine(base, 0.8, random));
  const before = await serve(BEFORE_TREE, databases.before, false);
  running.push(before);
  const after = await serve(AFTER_TREE, databases.after, false);
  running.push(after);

  // Warm both (connection pools, JIT, caches) on the same probes, uncounted.
  for (const probe of probes.slice(-50)) {
    await identify(before, probe);
    await identify(after, probe);
  }
  const samples = { before: [] as number[], after: [] as number[] };
  const blocks: string[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const block = probes.slice(round * REQUESTS, (round + 1) * REQUESTS);
    for (const [name, server] of [
      ['before', before],
      ['after', after],
    ] as const) {
      const times: number[] = [];
      for (const probe of block) times.push(await identify(server, probe));
      samples[name].push(...times);
      const line = `round ${String(round + 1)} ${name}: p50 ${fmt(summarize(times).p50)} ms (load ${os.loadavg()[0]?.toFixed(1) ?? '?'})`;
      blocks.push(line);
      console.log(line);
    }
  }
  const p50 = { before: summarize(samples.before).p50, after: summarize(samples.after).p50 };
  const p99 = { before: summarize(samples.before).p99, after: summarize(samples.after).p99 };
  const change = ((p50.after - p50.before) / p50.before) * 100;
  const commit = (tree: string) =>
    new Promise<string>((resolve) => {
      const git = spawn('git', ['-C', tree, 'rev-parse', '--short', 'HEAD']);
      let out = '';
      git.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
      git.on('close', () => resolve(out.trim()));
    });
  await writeResultsSection('identify-before-after', [
    '## Identify before and after the attendance day model (PostgreSQL, HTTP, one run)',
    '',
    `- Date: ${new Date().toISOString()}; CPU: ${os.cpus()[0]?.model ?? 'unknown'} (${String(os.cpus().length)} cores, load ${os.loadavg()[0]?.toFixed(1) ?? '?'} at the end${(os.loadavg()[0] ?? 0) > 2 ? '; a shared machine under other work, so absolute figures are inflated — the two trees alternated block by block under the same load' : ''}); Node ${process.version}.`,
    `- Command: \`BEFORE_TREE=<checkout of ${await commit(BEFORE_TREE)}> SIZE=${String(SIZE)} REQUESTS=${String(REQUESTS)} ROUNDS=${String(ROUNDS)} npx tsx bench/identify-before-after.ts\` (after: ${await commit(AFTER_TREE)}).`,
    `- ${String(SIZE)} templates seeded once and copied, sequential identifies (each recognised and recorded), blocks of ${String(REQUESTS)} alternating.`,
    '',
    '| Tree | p50 | p99 | Requests |',
    '| --- | --- | --- | --- |',
    `| Before the day model | ${fmt(p50.before)} ms | ${fmt(p99.before)} ms | ${String(samples.before.length)} |`,
    `| With the day model | ${fmt(p50.after)} ms | ${fmt(p99.after)} ms | ${String(samples.after.length)} |`,
    '',
    `p50 change: ${change >= 0 ? '+' : ''}${change.toFixed(1)} % (target: no more than +10 %). Blocks: ${blocks.join('; ')}.`,
  ]);
} finally {
  for (const server of running) await stop(server);
  for (const tree of [BEFORE_TREE, AFTER_TREE]) rmSync(path.join(tree, SERVE_SCRIPT), { force: true });
  for (const name of [databases.after, databases.before]) {
    await admin((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
  }
}
