import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CooldownStore } from '../../src/cache/cooldown-store.js';
import { createCooldownStore } from '../../src/cache/create-cooldown-store.js';
import { startUpstashRestServer, type UpstashRestTestServer } from '../support/upstash-rest-server.js';
import { cacheConfigFrom, captureLogger, eventually, SHARED_REDIS_URL } from './helpers/cache-test-kit.js';
import { freePort, killRedisAt, startRedisServer } from './helpers/redis-server-process.js';

const TOKEN = 'selection-token-41b2';
const silent = pino({ level: 'silent' });
const tuning = { upstashProbeBackoff: { baseMs: 100, maxMs: 200 }, maxReconnectDelayMs: 200 };

describe(createCooldownStore.name, () => {
  let upstash: UpstashRestTestServer;
  let deadUrl: string; // a loopback port nobody listens on
  const stores: CooldownStore[] = [];
  const open = async (env: Record<string, string>, logger = silent) => {
    const store = await createCooldownStore(cacheConfigFrom(env), logger, tuning);
    stores.push(store);
    return store;
  };

  beforeAll(async () => {
    upstash = await startUpstashRestServer({ redisUrl: SHARED_REDIS_URL, token: TOKEN });
    deadUrl = `http://127.0.0.1:${String(await freePort())}`;
  });
  afterAll(async () => {
    for (const store of stores) await store.close();
    await upstash.close();
  });

  it('defaults to the in-process store (zero setup, nothing started)', async () => {
    const store = await open({});
    expect(store.health()).toEqual({
      backend: 'memory',
      status: 'up',
      reason: 'CACHE_BACKEND=memory (in-process, not shared between instances)',
    });
  });

  describe('explicit upstash_rest', () => {
    it('uses Upstash when it answers', async () => {
      const store = await open({
        CACHE_BACKEND: 'upstash_rest',
        UPSTASH_REDIS_REST_URL: upstash.url,
        UPSTASH_REDIS_REST_TOKEN: TOKEN,
      });
      expect(store.health()).toMatchObject({ backend: 'upstash_rest', status: 'up' });
    });

    it('never falls back when unreachable: degraded upstash, then recovers when it answers', async () => {
      const late = await startUpstashRestServer({ redisUrl: SHARED_REDIS_URL, token: TOKEN });
      await late.pause();
      try {
        const store = await open({
          CACHE_BACKEND: 'upstash_rest',
          UPSTASH_REDIS_REST_URL: late.url,
          UPSTASH_REDIS_REST_TOKEN: TOKEN,
        });
        expect(store.health()).toMatchObject({ backend: 'upstash_rest', status: 'degraded' });
        expect(store.health().reason).toMatch(/^CACHE_BACKEND=upstash_rest; unreachable/);
        await late.resume();
        expect(await eventually(() => store.health().status === 'up', 3_000)).toBe(true);
      } finally {
        await late.close();
      }
    });

    it('with URL or token missing: backend none, down, says which variables', async () => {
      const store = await open({ CACHE_BACKEND: 'upstash_rest', UPSTASH_REDIS_REST_URL: upstash.url });
      expect(store.health()).toMatchObject({ backend: 'none', status: 'down' });
      expect(store.health().reason).toMatch(/UPSTASH_REDIS_REST_TOKEN is empty/);
      expect(await store.isCoolingDown('k')).toBe(false);
    });
  });

  describe('explicit redis', () => {
    it('uses Redis when it answers; redacts the password in health and logs', async () => {
      const redis = await startRedisServer(await freePort(), 's3cret-pass');
      const { logger, text } = captureLogger();
      try {
        const env = { CACHE_BACKEND: 'redis', REDIS_URL: redis.url, AUTO_START_LOCAL_REDIS: 'false' };
        const store = await open(env, logger);
        expect(store.health()).toMatchObject({ backend: 'redis', status: 'up' });
        expect(store.health().reason).toContain('redis://:***@127.0.0.1');
        expect(text()).toContain('cooldown cache: redis (up)');
        expect(text()).not.toContain('s3cret-pass');
        expect(JSON.stringify(store.health())).not.toContain('s3cret-pass');
      } finally {
        await redis.stop();
      }
    });

    it('with a wrong password: degraded, the reason says so, the password never shows', async () => {
      const redis = await startRedisServer(await freePort(), 'right-pass-1');
      const { logger, text } = captureLogger();
      try {
        const url = redis.url.replace('right-pass-1', 'wrong-pass-2');
        const env = { CACHE_BACKEND: 'redis', REDIS_URL: url, AUTO_START_LOCAL_REDIS: 'false' };
        const store = await open(env, logger);
        expect(store.health()).toMatchObject({ backend: 'redis', status: 'degraded' });
        expect(store.health().reason).toMatch(/WRONGPASS/);
        expect(await store.isCoolingDown('k')).toBe(false);
        expect(text() + JSON.stringify(store.health())).not.toMatch(/wrong-pass-2|right-pass-1/);
      } finally {
        await redis.stop();
      }
    });

    it('does not fall back when Redis is down and auto-start is off', async () => {
      const store = await open({
        CACHE_BACKEND: 'redis',
        REDIS_URL: deadUrl.replace('http', 'redis'),
        AUTO_START_LOCAL_REDIS: 'false',
      });
      expect(store.health()).toMatchObject({ backend: 'redis', status: 'degraded' });
      expect(store.health().reason).toMatch(/not answering .*AUTO_START_LOCAL_REDIS=false/);
    });
  });

  describe('auto', () => {
    it('prefers Upstash when configured and reachable', async () => {
      const store = await open({
        CACHE_BACKEND: 'auto',
        UPSTASH_REDIS_REST_URL: upstash.url,
        UPSTASH_REDIS_REST_TOKEN: TOKEN,
      });
      expect(store.health()).toEqual({
        backend: 'upstash_rest',
        status: 'up',
        reason: 'auto: Upstash answered PING; answered PING',
      });
    });

    it('falls back to Redis when Upstash rejects the token, and says why', async () => {
      const { logger, text } = captureLogger();
      const store = await open(
        {
          CACHE_BACKEND: 'auto',
          UPSTASH_REDIS_REST_URL: upstash.url,
          UPSTASH_REDIS_REST_TOKEN: 'wrong-token-value',
          REDIS_URL: SHARED_REDIS_URL,
        },
        logger,
      );
      expect(store.health()).toMatchObject({ backend: 'redis', status: 'up' });
      expect(store.health().reason).toMatch(
        /^auto: Upstash unreachable \(rejected: token rejected \(HTTP 401\).*\); Redis redis:\/\/127\.0\.0\.1:6379\/0 answered/,
      );
      expect(text()).not.toContain('wrong-token-value');
    });

    it('uses Redis when Upstash is not configured', async () => {
      const store = await open({ CACHE_BACKEND: 'auto', REDIS_URL: SHARED_REDIS_URL });
      expect(store.health()).toMatchObject({ backend: 'redis', status: 'up' });
      expect(store.health().reason).toMatch(/^auto: Upstash not configured; Redis .* answered/);
    });

    it('ends on the in-process store when nothing answers and auto-start is off', async () => {
      const store = await open({
        CACHE_BACKEND: 'auto',
        UPSTASH_REDIS_REST_URL: deadUrl,
        UPSTASH_REDIS_REST_TOKEN: TOKEN,
        REDIS_URL: deadUrl.replace('http', 'redis'),
        AUTO_START_LOCAL_REDIS: 'false',
      });
      expect(store.health().backend).toBe('memory');
      expect(store.health().status).toBe('up');
      expect(store.health().reason).toMatch(
        /^auto: Upstash unreachable \(unreachable: fetch failed.*\); Redis .* not answering; AUTO_START_LOCAL_REDIS=false; using the in-process store$/,
      );
    });

    it('serves from memory while it starts a local Redis, then switches to it', async () => {
      const url = `redis://127.0.0.1:${String(await freePort())}`;
      let store: CooldownStore | undefined;
      try {
        store = await createCooldownStore(
          cacheConfigFrom({
            CACHE_BACKEND: 'auto',
            REDIS_URL: url,
            LOCAL_REDIS_START_CMD:
              'sleep 0.5; exec redis-server --port $REDIS_PORT --save "" --bind 127.0.0.1',
          }),
          silent,
          tuning,
        );
        expect(store.health().backend).toBe('memory');
        expect(store.health().reason).toMatch(
          /not answering; local auto-start in progress; in-process store meanwhile/,
        );
        await store.markCoolingDown('auto:cooldown:1', 60_000);
        expect(await store.isCoolingDown('auto:cooldown:1')).toBe(true);

        const sut = store;
        expect(await eventually(() => sut.backend === 'redis', 10_000)).toBe(true);
        expect(store.health()).toMatchObject({ backend: 'redis', status: 'up' });
        expect(store.health().reason).toMatch(/local Redis started \(LOCAL_REDIS_START_CMD\)/);
        await store.markCoolingDown('auto:cooldown:2', 60_000);
        expect(await store.isCoolingDown('auto:cooldown:2')).toBe(true);
      } finally {
        await store?.close(); // first, or it would start Redis again after the kill
        await killRedisAt(url);
      }
    });

    it('stays on memory with the failure reason when the local start fails', async () => {
      const store = await open({
        CACHE_BACKEND: 'auto',
        REDIS_URL: `redis://127.0.0.1:${String(await freePort())}`,
        LOCAL_REDIS_START_CMD: 'exit 7',
      });
      expect(await eventually(() => /failed 1×/.test(store.health().reason), 5_000)).toBe(true);
      expect(store.health()).toMatchObject({ backend: 'memory', status: 'up' });
      expect(store.health().reason).toContain('LOCAL_REDIS_START_CMD: exit code 7');
    });
  });
});
