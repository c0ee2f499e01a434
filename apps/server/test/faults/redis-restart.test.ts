import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ReadinessSchema } from '@attendance/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedisServer, type RedisServerProcess } from '../cache/helpers/redis-server-process.js';
import { ServerProcess, freePort } from '../support/server-process.js';
import { createTestDatabase, type TestDatabase } from '../support/test-server.js';
import { createFleet, eventually, type AgentFleet } from './support/agent-fleet.js';
import { auditEvents, createEdgeKey, enrollPlanPeople } from './support/fault-fixtures.js';
import { buildPlan, sightingCount } from './support/sighting-plan.js';

const ADMIN_KEY = 'sa_fault_redis_admin_key_0123456789';

async function readiness(baseUrl: string) {
  const response = await fetch(`${baseUrl}/health/ready`);
  return { status: response.status, body: ReadinessSchema.parse(await response.json()) };
}

describe('Redis stopped and started under identify traffic (CACHE_BACKEND=redis)', () => {
  let redis: RedisServerProcess;
  let redisPort: number;
  let database: TestDatabase;
  let server: ServerProcess;
  let workDir: string;
  let fleet: AgentFleet | undefined;

  beforeAll(async () => {
    workDir = mkdtempSync(path.join(tmpdir(), 'fault-redis-'));
    redisPort = await freePort();
    redis = await startRedisServer(redisPort);
    database = await createTestDatabase('postgres');
    server = new ServerProcess(await freePort(), {
      DATABASE_URL: database.url ?? '',
      API_KEY: ADMIN_KEY,
      DATA_DIR: path.join(workDir, 'server'),
      CACHE_BACKEND: 'redis',
      REDIS_URL: redis.url,
      AUTO_START_LOCAL_REDIS: 'false',
      CACHE_TIMEOUT_MS: '300',
      CACHE_KEY_PREFIX: `fault-${randomUUID()}`,
    });
    await server.start();
  });

  afterAll(async () => {
    await fleet?.abort();
    await server.stop();
    await redis.stop();
    await database.drop();
    rmSync(workDir, { recursive: true, force: true });
  });

  it('no event lost or duplicated, readiness degraded while down, ok again after', async () => {
    // Live sightings (the cache's fast path) with the default 12 h cooldown: one event per person. New
    // people keep arriving for the first two thirds of the run, so some are first seen during the outage.
    const plan = buildPlan({
      seed: 23,
      cameras: 4,
      people: 24,
      rounds: 12,
      peoplePerRound: 3,
      strangersPerRound: 1,
      windows: 'live',
    });
    const personIds = await enrollPlanPeople(server.baseUrl, ADMIN_KEY, plan);
    const edgeKey = await createEdgeKey(server.baseUrl, ADMIN_KEY, 'fault entrances');
    expect((await readiness(server.baseUrl)).body.status).toBe('ok');
    const traffic = createFleet(plan, {
      baseUrl: server.baseUrl,
      apiKey: edgeKey,
      dir: workDir,
      pauseMs: 60,
      live: true,
    });
    fleet = traffic;
    const total = sightingCount(plan);

    // Three phases of concurrent traffic: Redis up; Redis killed as the phase starts (new people arrive);
    // Redis back while the last phase runs.
    await traffic.run(0, 1 / 3);
    const during = traffic.run(1 / 3, 2 / 3);
    await redis.stop(); // SIGKILL
    const degraded = await eventually(
      async () => {
        const { status, body } = await readiness(server.baseUrl);
        return status === 200 && body.status === 'degraded' && body.cache.status === 'degraded';
      },
      15_000,
      250, // health probes count against the per-IP rate limit: poll gently
    );
    expect(degraded).toBe(true);
    await during;

    const after = traffic.run(2 / 3, 1);
    redis = await startRedisServer(redisPort); // back, empty
    expect(
      await eventually(async () => (await readiness(server.baseUrl)).body.status === 'ok', 20_000, 250),
    ).toBe(true);
    await after;
    await traffic.finish(60_000);

    const audit = await auditEvents(database.url ?? '', plan, personIds);
    console.info(
      `redis restart: ${String(total)} sightings (a third of them while Redis was down), ` +
        `${String(audit.total)} events (expected ${String(plan.expectedWindows.size)})`,
    );
    expect(audit).toEqual({ total: plan.expectedWindows.size, missing: [], duplicated: [], unexpected: [] });
    // A cache outage is invisible to the entrances: every identify was answered, none queued or refused.
    for (const agent of traffic.agents) {
      expect(agent.tally).toMatchObject({ queued: 0, rejected: [] });
      expect(agent.tally.answered).toBe(
        plan.agents.get(`fault-cam-${String(traffic.agents.indexOf(agent))}`)?.length,
      );
    }
    expect(server.logs).not.toMatch(/request failed|"stack"/);
  }, 180_000);
});
