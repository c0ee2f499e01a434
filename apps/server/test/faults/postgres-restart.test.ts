import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ErrorBodySchema, ReadinessSchema } from '@attendance/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUnitVector } from '../support/embeddings.js';
import { ServerProcess, freePort } from '../support/server-process.js';
import { startThrowawayPostgres, type ThrowawayPostgres } from '../support/throwaway-postgres.js';
import { auditEvents, createEdgeKey, enrollPlanPeople } from './support/fault-fixtures.js';
import { createFleet, eventually, type AgentFleet } from './support/agent-fleet.js';
import { buildPlan, sightingCount } from './support/sighting-plan.js';

const ADMIN_KEY = 'sa_fault_pg_admin_key_0123456789';

describe('PostgreSQL restarted while edge agents send identifies', () => {
  let postgres: ThrowawayPostgres;
  let server: ServerProcess;
  let workDir: string;
  let fleet: AgentFleet | undefined;

  beforeAll(async () => {
    workDir = mkdtempSync(path.join(tmpdir(), 'fault-pg-'));
    postgres = await startThrowawayPostgres();
    server = new ServerProcess(await freePort(), {
      DATABASE_URL: postgres.url,
      API_KEY: ADMIN_KEY,
      DATA_DIR: path.join(workDir, 'server'),
      COOLDOWN_SECONDS: '300',
    });
    await server.start();
  });

  afterAll(async () => {
    await fleet?.abort();
    await server.stop();
    await postgres.destroy();
    rmSync(workDir, { recursive: true, force: true });
  });

  it('answers 503 database_unavailable with Retry-After while down, reconnects by itself, agents replay: every event exactly once', async () => {
    // 4 entrances, 15 rounds an hour apart in the past, 3 people + 1 stranger per round at every entrance:
    // one event per person and round, whichever entrance wins (COOLDOWN_SECONDS=300).
    const plan = buildPlan({
      seed: 11,
      cameras: 4,
      people: 12,
      rounds: 15,
      peoplePerRound: 3,
      strangersPerRound: 1,
      windows: 'slots',
    });
    const personIds = await enrollPlanPeople(server.baseUrl, ADMIN_KEY, plan);
    const edgeKey = await createEdgeKey(server.baseUrl, ADMIN_KEY, 'fault entrances');
    const pid = server.pid;
    const traffic = createFleet(plan, {
      baseUrl: server.baseUrl,
      apiKey: edgeKey,
      dir: workDir,
      pauseMs: 100,
    });
    fleet = traffic;

    // Phase 1 is cut by the outage mid-traffic; phase 2 runs entirely while the database is down (every
    // entrance must queue); phase 3 runs while it comes back and the queues replay.
    const before = traffic.run(0, 1 / 3);
    expect(await eventually(() => traffic.sent() >= sightingCount(plan) / 6, 60_000)).toBe(true);
    await postgres.stop();
    await before;
    const during = traffic.run(1 / 3, 2 / 3);

    const probe = await fetch(`${server.baseUrl}/v1/identify`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': edgeKey },
      body: JSON.stringify({
        camera_id: 'probe',
        model: 'default-512',
        faces: [{ embedding: randomUnitVector(512) }],
      }),
    });
    const probeText = await probe.text();
    expect(probe.status, probeText).toBe(503);
    expect(probe.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(ErrorBodySchema.parse(JSON.parse(probeText)).error.code).toBe('database_unavailable');
    expect(probeText).not.toMatch(/stack|ECONNREFUSED|\bat \w+ \(/);

    // A key the server cannot check right now is not "invalid": 503, so an agent retries instead of
    // treating it as a 401 and giving its queued events up.
    const unverifiable = await fetch(`${server.baseUrl}/v1/attendance`, {
      headers: { 'x-api-key': 'sa_never_seen_key_0123456789abcdef' },
    });
    expect(unverifiable.status).toBe(503);
    expect(ErrorBodySchema.parse(await unverifiable.json()).error.code).toBe('database_unavailable');

    const ready = await fetch(`${server.baseUrl}/health/ready`);
    expect(ready.status).toBe(503);
    expect(ReadinessSchema.parse(await ready.json()).database.status).toBe('down');
    expect((await fetch(`${server.baseUrl}/health/db`)).status).toBe(503);
    expect((await fetch(`${server.baseUrl}/health`)).status).toBe(200); // alive: no reason to restart it

    await during;
    for (const agent of traffic.agents) expect(agent.queued).toBeGreaterThan(0);
    const after = traffic.run(2 / 3, 1);
    await postgres.start();
    const recovered = await eventually(
      async () => (await fetch(`${server.baseUrl}/health/ready`)).status === 200,
      30_000,
      250, // health probes count against the per-IP rate limit: poll gently
    );
    expect(recovered).toBe(true);
    expect(server.pid).toBe(pid); // the pool reconnected; nobody restarted the server
    await after;

    await traffic.finish(90_000);
    const audit = await auditEvents(postgres.url, plan, personIds);
    const queued = traffic.agents.reduce((sum, agent) => sum + agent.tally.queued, 0);
    console.info(
      `postgres restart: ${String(sightingCount(plan))} sightings, ${String(queued)} queued and replayed, ` +
        `${String(audit.total)} events (expected ${String(plan.expectedWindows.size)})`,
    );
    expect(audit).toEqual({
      total: plan.expectedWindows.size,
      missing: [],
      duplicated: [],
      unexpected: [],
    });
    for (const agent of traffic.agents) expect(agent.tally.rejected).toEqual([]);
    expect(server.logs).not.toMatch(/request failed|"stack"/);
  }, 180_000);
});
