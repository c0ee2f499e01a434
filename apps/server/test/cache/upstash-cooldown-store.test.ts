import { Redis } from 'ioredis';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { UpstashCooldownStore } from '../../src/cache/upstash-cooldown-store.js';
import { UpstashRestClient } from '../../src/cache/upstash-rest-client.js';
import { startUpstashRestServer } from '../support/upstash-rest-server.js';
import { eventually, upstashOverSharedRedis } from './helpers/cache-test-kit.js';
import { freePort, startRedisServer } from './helpers/redis-server-process.js';

const TOKEN = 'test-token-7f3a9c';
const silent = pino({ level: 'silent' });
const fastProbe = { baseMs: 100, maxMs: 200 };

describe('Upstash REST cooldown store', () => {
  const { prefix, inspector, server: upstash } = upstashOverSharedRedis(TOKEN);

  const newStore = (token = TOKEN, timeoutMs = 500) =>
    new UpstashCooldownStore({
      client: new UpstashRestClient({ url: upstash().url, token, timeoutMs }),
      selectedBecause: 'test',
      logger: silent,
      probeBackoff: fastProbe,
    });

  describe(UpstashRestClient.name, () => {
    it('sends JSON command arrays with the bearer token and returns the result', async () => {
      const client = new UpstashRestClient({ url: upstash().url, token: TOKEN, timeoutMs: 500 });
      expect(await client.command(['PING'])).toEqual({ ok: true, result: 'PONG' });
      expect(await client.command(['SET', `${prefix}:raw`, 'v', 'PX', 60_000])).toEqual({
        ok: true,
        result: 'OK',
      });
      expect(await inspector.get(`${prefix}:raw`)).toBe('v');
    });

    it('classifies a wrong token as an auth failure without echoing the token', async () => {
      const client = new UpstashRestClient({ url: upstash().url, token: 'wrong', timeoutMs: 500 });
      const reply = await client.command(['PING']);
      expect(reply).toMatchObject({ ok: false, kind: 'auth' });
      expect(JSON.stringify(reply)).not.toContain('wrong');
    });

    it('passes error replies through as command errors', async () => {
      const client = new UpstashRestClient({ url: upstash().url, token: TOKEN, timeoutMs: 500 });
      expect(await client.command(['NOSUCHCOMMAND'])).toMatchObject({
        ok: false,
        kind: 'error',
        message: expect.stringMatching(/unknown command/i) as unknown,
      });
    });
  });

  it('marks, reads and clears cooldown keys with their TTL', async () => {
    const sut = newStore();
    try {
      expect(await sut.connect()).toBe(true);
      const key = `${prefix}:cooldown:1`;
      expect(await sut.isCoolingDown(key)).toBe(false);
      await sut.markCoolingDown(key, 30_000);
      await sut.markCoolingDown(key, 600_000); // NX: does not extend
      expect(await sut.isCoolingDown(key)).toBe(true);
      const ttl = await inspector.pttl(key);
      expect(ttl).toBeGreaterThan(25_000);
      expect(ttl).toBeLessThanOrEqual(30_000);
      await sut.clear(key);
      expect(await inspector.exists(key)).toBe(0);
      expect(sut.health()).toEqual({ backend: 'upstash_rest', status: 'up', reason: 'test; answered PING' });
    } finally {
      await sut.close();
    }
  });

  it('with a rejected token: degraded with the reason, misses instead of throwing', async () => {
    const sut = newStore('not-the-token');
    try {
      expect(await sut.connect()).toBe(false);
      expect(sut.health()).toMatchObject({ backend: 'upstash_rest', status: 'degraded' });
      expect(sut.health().reason).toMatch(/rejected: token rejected \(HTTP 401\)/);
      expect(sut.health().reason).not.toContain('not-the-token');
      expect(await sut.isCoolingDown(`${prefix}:cooldown:x`)).toBe(false);
      await expect(sut.markCoolingDown(`${prefix}:cooldown:x`, 1_000)).resolves.toBeUndefined();
    } finally {
      await sut.close();
    }
  });

  it('while unreachable: no network calls per identify, background probes, then recovery', async () => {
    const sut = newStore();
    try {
      expect(await sut.connect()).toBe(true);
      await upstash().pause();
      await sut.markCoolingDown(`${prefix}:cooldown:down`, 1_000); // fails → degraded
      expect(sut.health().status).toBe('degraded');
      expect(sut.health().reason).toMatch(/unreachable: fetch failed.*identifies use the database/);

      const before = upstash().requestCount();
      const started = Date.now();
      for (let i = 0; i < 20; i += 1) expect(await sut.isCoolingDown(`${prefix}:k`)).toBe(false);
      expect(Date.now() - started).toBeLessThan(100);
      expect(upstash().requestCount()).toBe(before);

      await upstash().resume();
      expect(await eventually(() => sut.health().status === 'up', 3_000)).toBe(true);
      await sut.markCoolingDown(`${prefix}:cooldown:down`, 10_000);
      expect(await sut.isCoolingDown(`${prefix}:cooldown:down`)).toBe(true);
    } finally {
      await sut.close();
    }
  });

  it('treats a reply slower than CACHE_TIMEOUT_MS as unreachable', async () => {
    const sut = newStore(TOKEN, 150);
    try {
      upstash().setReplyDelay(400);
      expect(await sut.connect()).toBe(false);
      expect(sut.health().reason).toMatch(/no reply within 150 ms/);
      upstash().setReplyDelay(0);
      expect(await eventually(() => sut.health().status === 'up', 3_000)).toBe(true);
    } finally {
      upstash().setReplyDelay(0);
      await sut.close();
    }
  });

  it('reports an error reply from Redis (OOM) as degraded until a command succeeds', async () => {
    const redis = await startRedisServer(await freePort());
    const own = await startUpstashRestServer({ redisUrl: redis.url, token: TOKEN });
    const admin = new Redis(redis.url);
    const sut = new UpstashCooldownStore({
      client: new UpstashRestClient({ url: own.url, token: TOKEN, timeoutMs: 500 }),
      selectedBecause: 'test',
      logger: silent,
    });
    try {
      expect(await sut.connect()).toBe(true);
      await admin.config('SET', 'maxmemory', '1');
      await sut.markCoolingDown('oom:cooldown:1', 60_000);
      expect(sut.health()).toMatchObject({ status: 'degraded' });
      expect(sut.health().reason).toMatch(/last command failed: OOM/);
      await admin.config('SET', 'maxmemory', '0');
      await sut.markCoolingDown('oom:cooldown:1', 60_000);
      expect(sut.health().status).toBe('up');
      expect(await sut.isCoolingDown('oom:cooldown:1')).toBe(true);
    } finally {
      admin.disconnect();
      await sut.close();
      await own.close();
      await redis.stop();
    }
  });
});
