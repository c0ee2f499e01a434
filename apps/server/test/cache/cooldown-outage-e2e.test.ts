import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { seededRandom } from '../support/embeddings.js';
import { startTestServer } from '../support/test-server.js';
import { enrollPerson, eventCount, identify, readiness } from './helpers/attendance-client.js';
import { eventually, uniquePrefix } from './helpers/cache-test-kit.js';
import { startTraffic } from './helpers/identify-traffic.js';
import { pingRedis } from '../../src/cache/ping-redis.js';
import { freePort, killRedisAt, redisPidAt, startRedisServer } from './helpers/redis-server-process.js';

const autoStartedUrls: string[] = [];
afterAll(async () => {
  for (const url of autoStartedUrls) await killRedisAt(url);
});

describe('Redis outage under identify traffic (PostgreSQL)', () => {
  it('keeps answering correctly, no duplicates, readiness degraded, recovers when Redis returns', async () => {
    const port = await freePort();
    let redis = await startRedisServer(port);
    const prefix = uniquePrefix();
    const server = await startTestServer({
      driver: 'postgres',
      env: {
        ATTENDANCE_MODE: 'rolling',
        CACHE_BACKEND: 'redis',
        REDIS_URL: redis.url,
        AUTO_START_LOCAL_REDIS: 'false',
        CACHE_KEY_PREFIX: prefix,
        CACHE_TIMEOUT_MS: '300',
      },
    });
    const random = seededRandom(4242);
    try {
      const enroll = (name: string) => enrollPerson(server, name, random);
      const ada = await enroll('Ada');
      const bo = await enroll('Bo');
      const cy = await enroll('Cy');
      const di = await enroll('Di');
      const ed = await enroll('Ed');
      const traffic = startTraffic(
        server,
        new Map([
          [ada.personId, ada.face],
          [bo.personId, bo.face],
        ]),
        random,
      );
      await traffic.untilRounds(3);

      await redis.stop(); // mid-traffic, SIGKILL
      const degraded = await eventually(
        async () => (await readiness(server)).cache.status === 'degraded',
        5_000,
      );
      expect(degraded).toBe(true);
      const duringOutage = await readiness(server);
      expect(duringOutage).toMatchObject({
        status: 'degraded',
        cache: { backend: 'redis', status: 'degraded' },
      });
      expect(duringOutage.cache.reason).toMatch(/not answering .*identifies use the database/);
      // A first sighting during the outage is recorded once; its repeats are refused by the database.
      const outageStart = traffic.rounds();
      const started = Date.now();
      expect(await identify(server, cy.face, random)).toBe('recorded');
      expect(Date.now() - started).toBeLessThan(2_000);
      expect([await identify(server, cy.face, random), await identify(server, cy.face, random)]).toEqual([
        'already_recorded',
        'already_recorded',
      ]);
      await traffic.untilRounds(outageStart + 3);

      redis = await startRedisServer(port); // Redis returns, empty
      expect(await eventually(async () => (await readiness(server)).status === 'ok', 10_000)).toBe(true);
      expect(await identify(server, di.face, random)).toBe('recorded');
      await traffic.untilRounds(traffic.rounds() + 3);
      await traffic.stop();

      for (const person of [ada, bo]) {
        const statuses = traffic.seen.get(person.personId) ?? [];
        expect(statuses.length).toBeGreaterThanOrEqual(27);
        expect(statuses.filter((status) => status === 'recorded')).toHaveLength(1);
        expect(statuses.filter((status) => status !== 'already_recorded')).toHaveLength(1);
      }
      for (const person of [ada, bo, cy, di]) expect(await eventCount(server, person.personId)).toBe(1);
      expect(await eventCount(server, ed.personId)).toBe(0);

      // After recovery the database path marks the key again, with the rest of the window only.
      const inspector = new Redis(redis.url);
      try {
        const ttl = await inspector.pttl(`${prefix}:cooldown:${ada.personId}`);
        expect(ttl).toBeGreaterThan(0);
        expect(ttl).toBeLessThan(12 * 3_600_000);
      } finally {
        inspector.disconnect();
      }
    } finally {
      await server.close();
      await redis.stop();
    }
  });

  it('with auto-start on a loopback URL, the server starts Redis itself and restarts it after a crash', async () => {
    const url = `redis://127.0.0.1:${String(await freePort())}`;
    autoStartedUrls.push(url);
    const server = await startTestServer({
      driver: 'postgres',
      env: { CACHE_BACKEND: 'redis', REDIS_URL: url, CACHE_KEY_PREFIX: uniquePrefix() },
    });
    const random = seededRandom(77);
    try {
      expect(await eventually(async () => (await readiness(server)).status === 'ok', 10_000)).toBe(true);
      const { personId, face } = await enrollPerson(server, 'Phoenix', random);
      expect(await identify(server, face, random)).toBe('recorded');

      const firstPid = await redisPidAt(url);
      expect(firstPid).toBeDefined(); // the server started a redis-server for us
      await killRedisAt(url);
      expect(await identify(server, face, random)).toBe('already_recorded');
      const restarted = async () => {
        const pid = await redisPidAt(url);
        return pid !== undefined && pid !== firstPid;
      };
      expect(await eventually(restarted, 15_000)).toBe(true);
      expect(await pingRedis(url, 500)).toBe(true);
      expect(await eventually(async () => (await readiness(server)).status === 'ok', 15_000)).toBe(true);
      expect(await identify(server, face, random)).toBe('already_recorded');
      expect(await eventCount(server, personId)).toBe(1);
    } finally {
      await server.close(); // before the kill in afterAll, or the store would start Redis again
    }
  });
});
