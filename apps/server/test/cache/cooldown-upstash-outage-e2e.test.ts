import { describe, expect, it } from 'vitest';
import { seededRandom } from '../support/embeddings.js';
import { startTestServer } from '../support/test-server.js';
import { startUpstashRestServer } from '../support/upstash-rest-server.js';
import { enrollPerson, eventCount, identify, readiness } from './helpers/attendance-client.js';
import { eventually, uniquePrefix } from './helpers/cache-test-kit.js';
import { startTraffic } from './helpers/identify-traffic.js';
import { freePort, startRedisServer } from './helpers/redis-server-process.js';

describe('Upstash outage under identify traffic (PostgreSQL)', () => {
  it('keeps answering correctly without duplicates, reports degraded, recovers by its own probes', async () => {
    const redis = await startRedisServer(await freePort());
    const upstash = await startUpstashRestServer({ redisUrl: redis.url, token: 'outage-token-77' });
    const server = await startTestServer({
      driver: 'postgres',
      env: {
        CACHE_BACKEND: 'upstash_rest',
        UPSTASH_REDIS_REST_URL: upstash.url,
        UPSTASH_REDIS_REST_TOKEN: 'outage-token-77',
        CACHE_KEY_PREFIX: uniquePrefix(),
        CACHE_TIMEOUT_MS: '300',
      },
    });
    const random = seededRandom(5150);
    try {
      const first = await enrollPerson(server, 'Uma', random);
      const second = await enrollPerson(server, 'Vic', random);
      const traffic = startTraffic(server, new Map([[first.personId, first.face]]), random);
      await traffic.untilRounds(3);

      await upstash.pause();
      const isDegraded = async () => (await readiness(server)).cache.status === 'degraded';
      expect(await eventually(isDegraded, 5_000)).toBe(true);
      expect((await readiness(server)).cache.reason).toMatch(/unreachable: .*identifies use the database/);
      expect(await identify(server, second.face, random)).toBe('recorded');
      await traffic.untilRounds(traffic.rounds() + 3);

      await upstash.resume();
      expect(await eventually(async () => (await readiness(server)).status === 'ok', 10_000)).toBe(true);
      expect(await identify(server, second.face, random)).toBe('already_recorded');
      await traffic.untilRounds(traffic.rounds() + 2);
      await traffic.stop();

      const statuses = traffic.seen.get(first.personId) ?? [];
      expect(statuses.filter((status) => status === 'recorded')).toHaveLength(1);
      expect(statuses.filter((status) => status !== 'already_recorded')).toHaveLength(1);
      expect(await eventCount(server, first.personId)).toBe(1);
      expect(await eventCount(server, second.personId)).toBe(1);
    } finally {
      await server.close();
      await upstash.close();
      await redis.stop();
    }
  });
});
