import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { cacheEnvShape, toCacheConfig } from '../../src/cache/cache-config.js';

const schema = z.object(cacheEnvShape);

describe(toCacheConfig.name, () => {
  it('defaults to the zero-setup in-process store with auto-start allowed for later choices', () => {
    expect(toCacheConfig(schema.parse({}))).toEqual({
      backend: 'memory',
      keyPrefix: 'attendance',
      redisUrl: 'redis://127.0.0.1:6379/0',
      upstashUrl: '',
      upstashToken: '',
      autoStartLocalRedis: true,
      localRedisStartCmd: '',
      localRedisStartTimeoutMs: 12_000,
      preferDockerRedis: false,
      timeoutMs: 1_000,
    });
  });

  it('parses every variable', () => {
    const config = toCacheConfig(
      schema.parse({
        CACHE_BACKEND: 'auto',
        CACHE_KEY_PREFIX: 'site-a',
        REDIS_URL: 'rediss://:pw@cache.internal:6380/2',
        UPSTASH_REDIS_REST_URL: 'https://eu1-example.upstash.io',
        UPSTASH_REDIS_REST_TOKEN: 'tok',
        AUTO_START_LOCAL_REDIS: 'off',
        LOCAL_REDIS_START_CMD: 'redis-server --port $REDIS_PORT',
        LOCAL_REDIS_START_TIMEOUT_SECONDS: '3',
        PREFER_DOCKER_REDIS: 'yes',
        CACHE_TIMEOUT_MS: '250',
      }),
    );
    expect(config).toMatchObject({
      backend: 'auto',
      keyPrefix: 'site-a',
      autoStartLocalRedis: false,
      localRedisStartTimeoutMs: 3_000,
      preferDockerRedis: true,
      timeoutMs: 250,
    });
  });

  it('rejects bad values, naming each variable, without echoing them', () => {
    const result = schema.safeParse({
      CACHE_BACKEND: 'upstash',
      CACHE_KEY_PREFIX: 'has space',
      REDIS_URL: 'http://:secret@127.0.0.1:6379',
      UPSTASH_REDIS_REST_URL: 'eu1-example.upstash.io',
      CACHE_TIMEOUT_MS: '0',
    });
    expect(result.success).toBe(false);
    const issues = result.error?.issues ?? [];
    expect(issues.map((issue) => issue.path.join('.')).sort()).toEqual([
      'CACHE_BACKEND',
      'CACHE_KEY_PREFIX',
      'CACHE_TIMEOUT_MS',
      'REDIS_URL',
      'UPSTASH_REDIS_REST_URL',
    ]);
    expect(JSON.stringify(issues.map((issue) => issue.message))).not.toContain('secret');
  });
});
