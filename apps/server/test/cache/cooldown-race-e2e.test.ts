import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seededRandom } from '../support/embeddings.js';
import { startTestServer } from '../support/test-server.js';
import { startUpstashRestServer, type UpstashRestTestServer } from '../support/upstash-rest-server.js';
import {
  enrollPerson,
  eventCount,
  existsCalls,
  identifyConcurrently,
  readiness,
} from './helpers/attendance-client.js';
import { uniquePrefix } from './helpers/cache-test-kit.js';
import { freePort, startRedisServer, type RedisServerProcess } from './helpers/redis-server-process.js';

const TOKEN = 'e2e-upstash-token-5d1';
const TWELVE_HOURS_MS = 12 * 3_600_000;

/**
 * Issue 3, "Races": 20 concurrent identifies of one person through each cache backend, against a real
 * PostgreSQL (a pool of connections, so the identifies really race) → exactly one event.
 */
describe('20 concurrent identifies through each cooldown backend (PostgreSQL)', () => {
  let redis: RedisServerProcess;
  let upstash: UpstashRestTestServer;

  beforeAll(async () => {
    redis = await startRedisServer(await freePort());
    upstash = await startUpstashRestServer({ redisUrl: redis.url, token: TOKEN });
  });
  afterAll(async () => {
    await upstash?.close();
    await redis?.stop();
  });

  const backends = {
    memory: () => ({ CACHE_BACKEND: 'memory' }),
    redis: () => ({ CACHE_BACKEND: 'redis', REDIS_URL: redis.url, AUTO_START_LOCAL_REDIS: 'false' }),
    upstash_rest: () => ({
      CACHE_BACKEND: 'upstash_rest',
      UPSTASH_REDIS_REST_URL: upstash.url,
      UPSTASH_REDIS_REST_TOKEN: TOKEN,
    }),
    // auto with everything configured picks Upstash first
    auto: () => ({
      CACHE_BACKEND: 'auto',
      UPSTASH_REDIS_REST_URL: upstash.url,
      UPSTASH_REDIS_REST_TOKEN: TOKEN,
      REDIS_URL: redis.url,
    }),
  } as const;
  const expectedBackend = {
    memory: 'memory',
    redis: 'redis',
    upstash_rest: 'upstash_rest',
    auto: 'upstash_rest',
  };

  it.each(Object.keys(backends) as (keyof typeof backends)[])(
    '%s: exactly one event, the key carries the rest of the window, repeats are cache hits',
    async (backend) => {
      const prefix = uniquePrefix();
      const server = await startTestServer({
        driver: 'postgres',
        env: { ...backends[backend](), CACHE_KEY_PREFIX: prefix, ATTENDANCE_MODE: 'rolling' },
      });
      const random = seededRandom(backend.length * 97);
      try {
        const ready = await readiness(server);
        expect(ready).toMatchObject({
          status: 'ok',
          cache: { backend: expectedBackend[backend], status: 'up' },
        });
        // The reason names how the backend was chosen.
        expect(ready.cache.reason).toMatch(
          backend === 'auto' ? /^auto: Upstash answered PING/ : new RegExp(`^CACHE_BACKEND=${backend}`),
        );
        const { personId, face } = await enrollPerson(server, `Race ${backend}`, random);

        const firstWave = await identifyConcurrently(server, face, 20, random);
        expect(firstWave).toEqual({ recorded: 1, already_recorded: 19 });
        expect(await eventCount(server, personId)).toBe(1);

        if (backend !== 'memory') {
          const inspector = new Redis(redis.url);
          try {
            const ttl = await inspector.pttl(`${prefix}:cooldown:${personId}`);
            expect(ttl).toBeGreaterThan(TWELVE_HOURS_MS - 60_000);
            expect(ttl).toBeLessThanOrEqual(TWELVE_HOURS_MS);
          } finally {
            inspector.disconnect();
          }
        }
        const existsBefore = await existsCalls(redis.url);
        const secondWave = await identifyConcurrently(server, face, 20, random);
        expect(secondWave).toEqual({ already_recorded: 20 });
        expect(await eventCount(server, personId)).toBe(1);
        const cacheReads = (await existsCalls(redis.url)) - existsBefore;
        expect(cacheReads).toBe(backend === 'memory' ? 0 : 20);
      } finally {
        await server.close();
      }
    },
  );
});
