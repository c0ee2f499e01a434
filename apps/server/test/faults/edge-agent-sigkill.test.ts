import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServerProcess, freePort } from '../support/server-process.js';
import { createTestDatabase, type TestDatabase } from '../support/test-server.js';
import type { AgentProcessConfig } from './support/agent-process.js';
import { auditEvents, createEdgeKey, enrollPlanPeople } from './support/fault-fixtures.js';
import { buildPlan } from './support/sighting-plan.js';
import { idempotencyKeyOf } from './support/simulated-agent.js';

const ADMIN_KEY = 'sa_fault_agent_admin_key_0123456789';
const TSX_LOADER = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const AGENT = path.resolve(import.meta.dirname, 'support/agent-process.ts');
const CAMERA = 'fault-cam-0';

interface AgentRun {
  child: ChildProcess;
  lines: string[];
  exited: Promise<number | null>;
  /** Resolves with the first printed line matching `pattern`. */
  waitFor(pattern: RegExp, timeoutMs: number): Promise<string>;
}

const children: ChildProcess[] = [];

function startAgent(config: AgentProcessConfig): AgentRun {
  const child = spawn(process.execPath, ['--import', TSX_LOADER, AGENT], {
    env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', AGENT_CONFIG: JSON.stringify(config) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  const lines: string[] = [];
  const waiters: { pattern: RegExp; resolve: (line: string) => void }[] = [];
  let buffered = '';
  let errors = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (errors += chunk));
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    buffered += chunk;
    const complete = buffered.split('\n');
    buffered = complete.pop() ?? '';
    for (const line of complete) {
      lines.push(line);
      for (const waiter of waiters.filter((w) => w.pattern.test(line))) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(line);
      }
    }
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    lines,
    exited,
    waitFor(pattern, timeoutMs) {
      const seen = lines.find((line) => pattern.test(line));
      if (seen !== undefined) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`agent never printed ${String(pattern)}:\n${lines.join('\n')}\n${errors}`)),
          timeoutMs,
        );
        waiters.push({
          pattern,
          resolve: (line) => {
            clearTimeout(timer);
            resolve(line);
          },
        });
      });
    },
  };
}

async function sigkill(run: AgentRun): Promise<void> {
  run.child.kill('SIGKILL');
  await run.exited;
}

/** Queue records on disk, tolerating a torn last line exactly as the queue itself does. */
function queueRecords(file: string): { key: string; request?: unknown }[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .flatMap((line) => {
      try {
        return [JSON.parse(line) as { key: string; request?: unknown }];
      } catch {
        return [];
      }
    });
}

const queuedKeys = (file: string) => queueRecords(file).map((record) => record.key);

describe('edge agent killed with SIGKILL mid-queue and mid-replay', () => {
  let database: TestDatabase;
  let server: ServerProcess;
  let workDir: string;

  beforeAll(async () => {
    workDir = mkdtempSync(path.join(tmpdir(), 'fault-agent-'));
    database = await createTestDatabase('postgres');
    server = new ServerProcess(await freePort(), {
      DATABASE_URL: database.url ?? '',
      API_KEY: ADMIN_KEY,
      DATA_DIR: path.join(workDir, 'server'),
      COOLDOWN_SECONDS: '0', // every sighting its own event: only idempotency keys stop a double send
    });
    await server.start();
  });

  afterAll(async () => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    await server.stop();
    await database.drop();
    rmSync(workDir, { recursive: true, force: true });
  });

  it('queued events survive the kill and are stored exactly once after a second kill during replay', async () => {
    const planOptions = {
      seed: 47,
      cameras: 1,
      people: 6,
      rounds: 20,
      peoplePerRound: 3,
      strangersPerRound: 1,
      windows: 'every-sighting' as const,
      base: new Date(Date.now() - 48 * 3_600_000).toISOString(),
    };
    const plan = buildPlan({ ...planOptions, base: new Date(planOptions.base) });
    const personIds = await enrollPlanPeople(server.baseUrl, ADMIN_KEY, plan);
    const config: AgentProcessConfig = {
      mode: 'send',
      baseUrl: server.baseUrl,
      apiKey: await createEdgeKey(server.baseUrl, ADMIN_KEY, 'fault entrance'),
      queueDir: path.join(workDir, 'queue'),
      plan: planOptions,
      cameraId: CAMERA,
      pauseMs: 25,
    };
    const queueFile = path.join(config.queueDir, 'identify-queue.jsonl');

    // 1. The server is down: the agent queues; it is killed halfway through its 80 sightings.
    await server.stop();
    const sending = startAgent(config);
    const lastSeen = await sending.waitFor(/^sent \d+ queued (4\d)$/, 60_000);
    await sigkill(sending);
    const acknowledged = Math.max(
      ...sending.lines.map((line) => Number(/^sent \d+ queued (\d+)$/.exec(line)?.[1] ?? 0)),
    );
    const survivedRecords = queueRecords(queueFile);
    const survived = survivedRecords.map((record) => record.key);
    expect(lastSeen).toBeDefined();
    expect(survived.length).toBeGreaterThanOrEqual(acknowledged); // nothing acknowledged is lost
    expect(survived.length).toBeLessThan(80); // killed mid-queue, not after it
    expect(new Set(survived).size).toBe(survived.length);

    // 2. Server back; the restarted agent is killed again as soon as its replay has started.
    await server.start();
    const firstReplay = startAgent({ ...config, mode: 'drain' });
    await firstReplay.waitFor(/^info replayed /, 60_000);
    await sigkill(firstReplay);
    const leftAfterSecondKill =
      queuedKeys(queueFile).length - queuedKeys(`${queueFile.slice(0, -6)}.acks.jsonl`).length;

    // 3. A third run finishes the replay.
    const finalReplay = startAgent({ ...config, mode: 'drain' });
    expect(await finalReplay.exited).toBe(0);
    expect(finalReplay.lines).toContain('drained');
    expect(readFileSync(queueFile, 'utf8')).toBe('');

    const survivedKeys = new Set(survived);
    const expected = new Set(
      (plan.agents.get(CAMERA) ?? [])
        .filter((sighting) => survivedKeys.has(idempotencyKeyOf(sighting)) && sighting.window !== null)
        .map((sighting) => sighting.window ?? ''),
    );
    const audit = await auditEvents(database.url ?? '', plan, personIds, expected);
    console.info(
      `edge agent SIGKILL: ${String(acknowledged)} acknowledged as queued, ${String(survived.length)} on disk, ` +
        `${String(leftAfterSecondKill)} left after the kill during replay, ${String(audit.total)} events ` +
        `(expected ${String(expected.size)})`,
    );
    expect(expected.size).toBeGreaterThan(20);
    expect(audit).toEqual({ total: expected.size, missing: [], duplicated: [], unexpected: [] });

    // Sending every queued request once more (same keys) stores nothing new.
    for (const record of survivedRecords) {
      const response = await fetch(`${server.baseUrl}/v1/identify`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': config.apiKey },
        body: JSON.stringify(record.request),
      });
      expect(response.status).toBe(200);
    }
    expect((await auditEvents(database.url ?? '', plan, personIds, expected)).total).toBe(expected.size);
  }, 180_000);
});
