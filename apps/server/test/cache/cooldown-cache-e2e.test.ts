import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seededRandom } from '../support/embeddings.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { enrollPerson, eventCount, identify, identifyConcurrently } from './helpers/attendance-client.js';
import { uniquePrefix } from './helpers/cache-test-kit.js';
import { freePort, startRedisServer, type RedisServerProcess } from './helpers/redis-server-process.js';

const WINDOW_MS = 12 * 3_600_000;

/**
 * The database is the authority: whatever happens to the cache (flushed, keys expiring early, garbage
 * under a key), no duplicate event is stored within the window and no event is lost.
 */
describe('cooldown cache lost, flushed or wrong (Redis, PostgreSQL)', () => {
  let redis: RedisServerProcess;
  let server: TestServer;
  let inspector: Redis;
  const prefix = uniquePrefix();
  const random = seededRandom(2026);
  const keyOf = (personId: string) => `${prefix}:cooldown:${personId}`;

  beforeAll(async () => {
    redis = await startRedisServer(await freePort());
    inspector = new Redis(redis.url);
    server = await startTestServer({
      driver: 'postgres',
      env: {
        ATTENDANCE_MODE: 'rolling',
        CACHE_BACKEND: 'redis',
        REDIS_URL: redis.url,
        AUTO_START_LOCAL_REDIS: 'false',
        CACHE_KEY_PREFIX: prefix,
      },
    });
  });
  afterAll(async () => {
    await server?.close();
    inspector?.disconnect();
    await redis?.stop();
  });

  it('flushed mid-window: the database refuses the duplicate and the key comes back', async () => {
    const { personId, face } = await enrollPerson(server, 'Flushed', random);
    expect(await identify(server, face, random)).toBe('recorded');
    expect(await inspector.exists(keyOf(personId))).toBe(1);

    await inspector.flushall(); // our own redis-server, nobody else's keys
    expect(await identifyConcurrently(server, face, 10, random)).toEqual({ already_recorded: 10 });
    expect(await eventCount(server, personId)).toBe(1);
    const ttl = await inspector.pttl(keyOf(personId));
    expect(ttl).toBeGreaterThan(WINDOW_MS - 60_000);
    expect(ttl).toBeLessThanOrEqual(WINDOW_MS);
  });

  it('key expiring too early: still no duplicate', async () => {
    const { personId, face } = await enrollPerson(server, 'Expired', random);
    expect(await identify(server, face, random)).toBe('recorded');
    await inspector.pexpire(keyOf(personId), 1);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await identifyConcurrently(server, face, 10, random)).toEqual({ already_recorded: 10 });
    expect(await eventCount(server, personId)).toBe(1);
  });

  it('wrong data under the key of a recorded person: answers stay correct', async () => {
    const { personId, face } = await enrollPerson(server, 'Garbage', random);
    expect(await identify(server, face, random)).toBe('recorded');
    await inspector.del(keyOf(personId));
    await inspector.hset(keyOf(personId), 'not', 'ours');
    expect(await identifyConcurrently(server, face, 5, random)).toEqual({ already_recorded: 5 });
    expect(await eventCount(server, personId)).toBe(1);
  });

  it('keys of other people or other prefixes do not suppress a first sighting', async () => {
    const { personId, face } = await enrollPerson(server, 'Neighbour', random);
    await inspector.set(`other-instance:cooldown:${personId}`, '1', 'PX', WINDOW_MS);
    await inspector.set(keyOf('00000000-0000-4000-8000-000000000000'), '1', 'PX', WINDOW_MS);
    expect(await identifyConcurrently(server, face, 10, random)).toEqual({
      recorded: 1,
      already_recorded: 9,
    });
    expect(await eventCount(server, personId)).toBe(1);
  });

  it('a wrong key (database restored to before the event) does not swallow an event', async () => {
    const { personId, face } = await enrollPerson(server, 'Restored', random);
    expect(await identify(server, face, random)).toBe('recorded');
    expect(await inspector.exists(keyOf(personId))).toBe(1);
    // The event vanishes from the authority while the cache still claims the cooldown.
    await server.db.query('DELETE FROM attendance_event WHERE person_id = $1', [personId]);

    expect(await identifyConcurrently(server, face, 10, random)).toEqual({
      recorded: 1,
      already_recorded: 9,
    });
    expect(await eventCount(server, personId)).toBe(1);
  });

  it('a key planted for a person never seen does not swallow the first sighting', async () => {
    const { personId, face } = await enrollPerson(server, 'Planted', random);
    await inspector.set(keyOf(personId), '1', 'PX', WINDOW_MS);
    expect(await identify(server, face, random)).toBe('recorded');
    expect(await eventCount(server, personId)).toBe(1);
  });
});
