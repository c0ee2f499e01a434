/**
 * Identify with and without webhook endpoints attached, in one run, on PostgreSQL + pgvector through the
 * real HTTP API. Every identify is of a different enrolled person, so every request records an attendance
 * event and (with endpoints attached) writes one outbox row per endpoint in the same transaction.
 *
 * Phases alternate none / five / none / five (ROUNDS × REQUESTS sequential identifies each) so that drift in
 * machine load falls on both sides. "five" = four local receivers answering 204 at once and one answering
 * after 10 s. Besides identify latency it reports how long the fast receivers waited for their events
 * (receipt time − the event's `occurred_at`) while the slow one held its deliveries.
 *
 * Run: `npx tsx bench/identify-webhooks.ts` (BENCH_SIZE=10000 BENCH_REQUESTS=200 BENCH_ROUNDS=2;
 * BENCH_WRITE=0 prints only). Needs PostgreSQL with pgvector at TEST_DATABASE_URL; creates and drops its
 * own database. Writes the "identify-webhooks" section of bench/RESULTS.md.
 */
import { createServer as createHttpServer, type Server } from 'node:http';
import { cpus, loadavg } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { seededRandom, vectorAtCosine } from '../apps/server/test/support/embeddings.js';
import { startBenchServer } from './bench-server.js';
import { sampleTemplates, seedTemplates } from './identify-seed.js';
import { fmt, runConcurrent, summarize, type LatencySummary } from './identify-stats.js';
import { writeResultsSection } from './results-section.js';

const MODEL = 'default-512';
const DIM = 512;
const SIZE = Number(process.env.BENCH_SIZE ?? 10_000);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 200);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const SLOW_ANSWER_MS = 10_000;
const random = seededRandom(11);

interface Receiver {
  url: string;
  lagsMs: number[];
  close: () => Promise<void>;
}

/** A local webhook receiver that notes each event's delay since it occurred, answering after `delayMs`. */
async function startReceiver(delayMs: number): Promise<Receiver> {
  const lagsMs: number[] = [];
  const server: Server = createHttpServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const event = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { occurred_at: string };
      lagsMs.push(Date.now() - Date.parse(event.occurred_at));
      setTimeout(() => response.writeHead(204).end(), delayMs).unref();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = address && typeof address === 'object' ? address.port : 0;
  return {
    url: `http://127.0.0.1:${String(port)}/hook`,
    lagsMs,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const { server, config, baseUrl, apiKey, close } = await startBenchServer('identify-webhooks', {
  RATE_LIMIT_KEY_PER_MINUTE: '0',
  WEBHOOK_ALLOW_LOOPBACK: 'true',
  WEBHOOK_TIMEOUT_SECONDS: '15',
  WEBHOOK_POLL_MS: '200',
});

async function api<T>(method: string, route: string, body?: unknown): Promise<T> {
  const response = await fetch(`${baseUrl}${route}`, {
    method,
    headers: { 'x-api-key': apiKey, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) {
    throw new Error(`${method} ${route} answered ${String(response.status)}: ${await response.text()}`);
  }
  return (response.status === 204 ? undefined : await response.json()) as T;
}

const fastReceivers = await Promise.all([0, 0, 0, 0].map((delay) => startReceiver(delay)));
const slowReceiver = await startReceiver(SLOW_ANSWER_MS);
const receivers = [...fastReceivers, slowReceiver];

interface Condition {
  label: string;
  attached: Receiver[];
  samplesMs: number[];
}
const conditions: Condition[] = [
  { label: 'no endpoints', attached: [], samplesMs: [] },
  {
    label: `one endpoint answering after ${String(SLOW_ANSWER_MS / 1000)} s`,
    attached: [slowReceiver],
    samplesMs: [],
  },
  { label: 'five endpoints (four fast, the slow one)', attached: receivers, samplesMs: [] },
];

async function attach(attached: Receiver[]): Promise<string[]> {
  const ids = [];
  for (const receiver of attached) {
    const endpoint = await api<{ id: string }>('POST', '/v1/webhooks', {
      url: receiver.url,
      description: 'bench',
    });
    ids.push(endpoint.id);
  }
  return ids;
}

let nextProbe = 0;
async function identifyPhase(probes: number[][]): Promise<number[]> {
  const run = await runConcurrent(REQUESTS, 1, async () => {
    const probe = probes[nextProbe++];
    if (!probe) throw new Error('ran out of probes: raise BENCH_SIZE');
    const result = await api<{ results: { status: string }[] }>('POST', '/v1/identify', {
      camera_id: 'bench-door',
      model: MODEL,
      faces: [{ embedding: probe }],
    });
    if (result.results[0]?.status !== 'recorded') {
      throw new Error(`identify answered ${String(result.results[0]?.status)}, expected a recorded event`);
    }
  });
  return run.samplesMs;
}

/** Deleting an endpoint drops its pending deliveries: the fast receivers get a phase's events first. */
async function waitForFastReceivers(events: number): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline && fastReceivers.some((receiver) => receiver.lagsMs.length < events)) {
    await sleep(200);
  }
}

const row = (label: string, summary: LatencySummary, baseline: LatencySummary) =>
  `| ${label} | ${String(summary.n)} | ${fmt(summary.p50)} | ${fmt(summary.p95)} | ${fmt(summary.p99)} | ` +
  `${(summary.p50 / baseline.p50).toFixed(2)} |`;

try {
  await seedTemplates(server.db, { model: MODEL, dim: DIM, total: SIZE });
  const bases = await sampleTemplates(server.db, MODEL, SIZE);
  const probes = bases.map((base) => vectorAtCosine(base, 0.8, random));
  await identifyPhase(probes); // warm-up, on people the measured phases do not use

  let fastPhases = 0;
  const burst = { identifyMs: 0, deliveredMs: 0 };
  for (let round = 0; round < ROUNDS; round++) {
    for (const condition of conditions) {
      const ids = await attach(condition.attached);
      const startedAt = performance.now();
      condition.samplesMs.push(...(await identifyPhase(probes)));
      const identifiedAt = performance.now();
      if (condition.attached.includes(fastReceivers[0] as Receiver)) {
        fastPhases++;
        await waitForFastReceivers(REQUESTS * fastPhases);
        burst.identifyMs += identifiedAt - startedAt;
        burst.deliveredMs += performance.now() - startedAt;
      }
      for (const id of ids) await api('DELETE', `/v1/webhooks/${id}`);
    }
    console.error(
      `round ${String(round + 1)}: ` +
        conditions.map((c) => `${c.label} p50 ${fmt(summarize(c.samplesMs).p50)} ms`).join('; '),
    );
  }

  const summaries = conditions.map((condition) => summarize(condition.samplesMs));
  const baseline = summaries[0] as LatencySummary;
  const fastLags = summarize(fastReceivers.flatMap((receiver) => receiver.lagsMs));
  const received = fastReceivers.map((receiver) => receiver.lagsMs.length);
  const [one] = loadavg().map((value) => value.toFixed(1));

  await writeResultsSection('identify-webhooks', [
    '## Identify with webhook endpoints attached (PostgreSQL, HTTP)',
    '',
    `- Date: ${new Date().toISOString()}; CPU: ${cpus()[0]?.model ?? 'unknown'} (${String(cpus().length)} cores, ` +
      `load ${String(one)} at the end); Node ${process.version}.`,
    `- Command: \`BENCH_SIZE=${String(SIZE)} BENCH_REQUESTS=${String(REQUESTS)} BENCH_ROUNDS=${String(ROUNDS)} ` +
      'npx tsx bench/identify-webhooks.ts`.',
    `- ${String(SIZE)} templates; every identify is of a different person, so each records an event and, with ` +
      'endpoints attached, one outbox row per endpoint in the same transaction. The conditions take turns, ' +
      `${String(ROUNDS)} rounds of ${String(REQUESTS)} sequential identifies each, so load drift falls on all of ` +
      'them. Deliveries run in the same server process, on the same cores, while identifies are measured.',
    '',
    '| identify at the client (ms) | requests | p50 | p95 | p99 | p50 / no endpoints |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
    ...conditions.map((condition, i) => row(condition.label, summaries[i] as LatencySummary, baseline)),
    '',
    `The four fast receivers got ${received.join(', ')} of ${String(REQUESTS * fastPhases)} events each. ` +
      `A phase is a burst: ${String(REQUESTS)} events in ${(burst.identifyMs / fastPhases / 1000).toFixed(1)} s, ` +
      `${String(REQUESTS * 4)} deliveries to the fast receivers, all received ` +
      `${(burst.deliveredMs / fastPhases / 1000).toFixed(1)} s after the burst began ` +
      `(${((REQUESTS * 4 * fastPhases) / (burst.deliveredMs / 1000)).toFixed(0)} deliveries/s on the slots the ` +
      `slow receiver leaves; from an event to its receipt p50 ${fmt(fastLags.p50)} ms, p99 ${fmt(fastLags.p99)} ms). ` +
      `Delivery polls every ${String(config.integrations.webhooks.pollMs)} ms here (default 1000 ms) and wakes ` +
      'at once when a delivery ends.',
  ]);
} finally {
  await close();
  await Promise.all(receivers.map((receiver) => receiver.close()));
}
