import { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisCooldownStore } from '../../src/cache/redis-cooldown-store.js';
import {
  SHARED_REDIS_URL,
  captureLogger,
  dropPrefixAndDisconnect,
  eventually,
  uniquePrefix,
} from './helpers/cache-test-kit.js';
import { freePort, startRedisServer } from './helpers/redis-server-process.js';

const silent = pino({ level: 'silent' });

describe(RedisCooldownStore.name, () => {
  describe('against the shared Redis', () => {
    const prefix = uniquePrefix();
    const sut = new RedisCooldownStore({
      url: SHARED_REDIS_URL,
      timeoutMs: 500,
      selectedBecause: 'test',
      logger: silent,
    });
    const inspector = new Redis(SHARED_REDIS_URL);

    beforeAll(async () => {
      expect(await sut.connect()).toBe(true);
    });
    afterAll(async () => {
      await dropPrefixAndDisconnect(inspector, prefix);
      await sut.close();
    });

    it('marks a key with the TTL in Redis and reports it as cooling down', async () => {
      const key = `${prefix}:cooldown:mark`;
      expect(await sut.isCoolingDown(key)).toBe(false);
      await sut.markCoolingDown(key, 60_000);
      expect(await sut.isCoolingDown(key)).toBe(true);
      const ttl = await inspector.pttl(key);
      expect(ttl).toBeGreaterThan(55_000);
      expect(ttl).toBeLessThanOrEqual(60_000);
      expect(sut.health()).toMatchObject({ backend: 'redis', status: 'up' });
    });

    it('does not extend a running cooldown (SET NX)', async () => {
      const key = `${prefix}:cooldown:nx`;
      await sut.markCoolingDown(key, 5_000);
      await sut.markCoolingDown(key, 600_000);
      expect(await inspector.pttl(key)).toBeLessThanOrEqual(5_000);
    });

    it('forgets a key after its TTL and after clear()', async () => {
      const expiring = `${prefix}:cooldown:expiring`;
      await sut.markCoolingDown(expiring, 150);
      expect(await sut.isCoolingDown(expiring)).toBe(true);
      expect(await eventually(async () => !(await sut.isCoolingDown(expiring)), 3_000)).toBe(true);

      const cleared = `${prefix}:cooldown:cleared`;
      await sut.markCoolingDown(cleared, 60_000);
      await sut.clear(cleared);
      expect(await sut.isCoolingDown(cleared)).toBe(false);
      expect(await inspector.exists(cleared)).toBe(0);
    });
  });

  it('answers misses fast while its Redis is down, reports degraded, and recovers by itself', async () => {
    const port = await freePort();
    let redis = await startRedisServer(port);
    const sut = new RedisCooldownStore({
      url: redis.url,
      timeoutMs: 300,
      selectedBecause: 'test',
      logger: silent,
      maxReconnectDelayMs: 200,
    });
    try {
      expect(await sut.connect()).toBe(true);
      await sut.markCoolingDown('outage:cooldown:1', 60_000);
      expect(await sut.isCoolingDown('outage:cooldown:1')).toBe(true);

      await redis.stop();
      expect(await eventually(() => sut.health().status === 'degraded', 3_000)).toBe(true);
      const started = Date.now();
      const answers = await Promise.all(
        Array.from({ length: 50 }, () => sut.isCoolingDown('outage:cooldown:1')),
      );
      expect(answers.every((answer) => !answer)).toBe(true);
      expect(Date.now() - started).toBeLessThan(250); // no per-call timeout while down
      await expect(sut.markCoolingDown('outage:cooldown:2', 1_000)).resolves.toBeUndefined();
      expect(sut.health().reason).toMatch(/not answering .*reconnecting/);

      redis = await startRedisServer(port);
      expect(await eventually(() => sut.health().status === 'up', 5_000)).toBe(true);
      await sut.markCoolingDown('outage:cooldown:1', 60_000);
      expect(await sut.isCoolingDown('outage:cooldown:1')).toBe(true);
    } finally {
      await sut.close();
      await redis.stop();
    }
  });

  it('gives up on a hung Redis after CACHE_TIMEOUT_MS and recovers when it resumes', async () => {
    const redis = await startRedisServer(await freePort());
    const sut = new RedisCooldownStore({
      url: redis.url,
      timeoutMs: 300,
      selectedBecause: 'test',
      logger: silent,
    });
    const pid = redis.pid ?? 0;
    try {
      expect(await sut.connect()).toBe(true);
      process.kill(pid, 'SIGSTOP');
      const started = Date.now();
      expect(await sut.isCoolingDown('hung:cooldown:1')).toBe(false);
      expect(Date.now() - started).toBeLessThan(1_000);
      expect(sut.health()).toMatchObject({ status: 'degraded' });
      expect(sut.health().reason).toMatch(/last EXISTS failed: Command timed out/);
      process.kill(pid, 'SIGCONT');
      expect(
        await eventually(async () => {
          await sut.markCoolingDown('hung:cooldown:1', 60_000);
          return sut.health().status === 'up';
        }, 5_000),
      ).toBe(true);
      expect(await sut.isCoolingDown('hung:cooldown:1')).toBe(true);
    } finally {
      process.kill(pid, 'SIGCONT');
      await sut.close();
      await redis.stop();
    }
  });

  it('reports a failing command as degraded until the next command succeeds, logging it once', async () => {
    const redis = await startRedisServer(await freePort());
    const admin = new Redis(redis.url);
    const { logger, lines } = captureLogger();
    const sut = new RedisCooldownStore({
      url: redis.url,
      timeoutMs: 300,
      selectedBecause: 'test',
      logger,
    });
    try {
      expect(await sut.connect()).toBe(true);
      await admin.config('SET', 'maxmemory', '1');
      for (let i = 0; i < 5; i += 1) {
        await sut.markCoolingDown('oom:cooldown:1', 60_000); // rejected: OOM, no eviction policy
      }
      expect(sut.health()).toMatchObject({ status: 'degraded' });
      const failures = lines().filter((line) => line.msg === 'redis cache command failed');
      expect(failures).toHaveLength(1);
      expect(sut.health().reason).toMatch(/last SET failed: OOM/);
      await admin.config('SET', 'maxmemory', '0');
      await sut.markCoolingDown('oom:cooldown:1', 60_000);
      expect(sut.health().status).toBe('up');
      expect(await sut.isCoolingDown('oom:cooldown:1')).toBe(true);
    } finally {
      admin.disconnect();
      await sut.close();
      await redis.stop();
    }
  });
});
