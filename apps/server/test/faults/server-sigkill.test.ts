import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServerProcess, freePort } from '../support/server-process.js';
import { createTestDatabase, type TestDatabase } from '../support/test-server.js';
import { createFleet, eventually, type AgentFleet } from './support/agent-fleet.js';
import { auditEvents, createEdgeKey, enrollPlanPeople } from './support/fault-fixtures.js';
import { buildPlan, sightingCount } from './support/sighting-plan.js';

const ADMIN_KEY = 'sa_fault_kill_admin_key_0123456789';

describe('server killed with SIGKILL mid-traffic and restarted', () => {
  let database: TestDatabase;
  let server: ServerProcess;
  let workDir: string;
  let fleet: AgentFleet | undefined;

  beforeAll(async () => {
    workDir = mkdtempSync(path.join(tmpdir(), 'fault-kill-'));
    database = await createTestDatabase('postgres');
    server = new ServerProcess(await freePort(), {
      DATABASE_URL: database.url ?? '',
      API_KEY: ADMIN_KEY,
      DATA_DIR: path.join(workDir, 'server'),
      // Every known sighting is its own event: only the idempotency key keeps a replayed request whose
      // first attempt committed (answer lost in the kill) from being stored twice.
      COOLDOWN_SECONDS: '0',
    });
    await server.start();
  });

  afterAll(async () => {
    await fleet?.abort();
    await server.stop();
    await database.drop();
    rmSync(workDir, { recursive: true, force: true });
  });

  it('agents queue and replay; every sighting stored exactly once', async () => {
    const plan = buildPlan({
      seed: 31,
      cameras: 4,
      people: 10,
      rounds: 12,
      peoplePerRound: 3,
      strangersPerRound: 1,
      windows: 'every-sighting',
    });
    const personIds = await enrollPlanPeople(server.baseUrl, ADMIN_KEY, plan);
    const edgeKey = await createEdgeKey(server.baseUrl, ADMIN_KEY, 'fault entrances');
    const traffic = createFleet(plan, {
      baseUrl: server.baseUrl,
      apiKey: edgeKey,
      dir: workDir,
      pauseMs: 80,
    });
    fleet = traffic;
    const total = sightingCount(plan);

    // Killed mid-phase 1 (requests in flight); phase 2 runs while it is down; phase 3 while it restarts.
    const before = traffic.run(0, 1 / 3);
    expect(await eventually(() => traffic.sent() >= total / 6, 60_000)).toBe(true);
    const killedPid = server.pid;
    await server.kill();
    await before;
    await traffic.run(1 / 3, 2 / 3);
    for (const agent of traffic.agents) expect(agent.queued).toBeGreaterThan(0);
    const after = traffic.run(2 / 3, 1);
    await server.start();
    expect(server.pid).not.toBe(killedPid);
    await after;
    await traffic.finish(90_000);

    const audit = await auditEvents(database.url ?? '', plan, personIds);
    const queued = traffic.agents.reduce((sum, agent) => sum + agent.tally.queued, 0);
    // With COOLDOWN_SECONDS=0 an `already_recorded` answer can only come from a replayed idempotency key:
    // a request the killed server had committed without answering.
    const deduplicated = traffic.agents.reduce(
      (sum, agent) => sum + (agent.tally.statuses.already_recorded ?? 0),
      0,
    );
    console.info(
      `server SIGKILL: ${String(total)} sightings, ${String(queued)} queued and replayed ` +
        `(${String(deduplicated)} had been committed before the kill), ` +
        `${String(audit.total)} events (expected ${String(plan.expectedWindows.size)})`,
    );
    expect(audit).toEqual({ total: plan.expectedWindows.size, missing: [], duplicated: [], unexpected: [] });
    for (const agent of traffic.agents) expect(agent.tally.rejected).toEqual([]);
  }, 180_000);
});
