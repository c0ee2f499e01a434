import { z } from 'zod';

const flag = (defaultValue: boolean) =>
  z
    .enum(['1', '0', 'true', 'false', 'yes', 'no', 'on', 'off'])
    .default(defaultValue ? 'true' : 'false')
    .transform((v) => ['1', 'true', 'yes', 'on'].includes(v));

const isUrlWithScheme = (value: string, schemes: readonly string[]) =>
  URL.canParse(value) && schemes.includes(new URL(value).protocol);

/** Environment variables of the cooldown cache; merged into the server's config schema. */
export const cacheEnvShape = {
  // `memory` by default: zero setup and no side effects (auto would connect to, or even start, a Redis
  // on 6379). A single instance gains nothing from a shared cache; the database is the authority anyway.
  CACHE_BACKEND: z.enum(['auto', 'upstash_rest', 'redis', 'memory']).default('memory'),
  CACHE_KEY_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9._:-]{1,64}$/)
    .default('attendance'),
  REDIS_URL: z
    .string()
    .refine((v) => isUrlWithScheme(v, ['redis:', 'rediss:']), 'must be a redis:// or rediss:// URL')
    .default('redis://127.0.0.1:6379/0'),
  UPSTASH_REDIS_REST_URL: z
    .string()
    .refine((v) => v === '' || isUrlWithScheme(v, ['https:', 'http:']), 'must be an http(s) URL')
    .default(''),
  UPSTASH_REDIS_REST_TOKEN: z.string().default(''),
  AUTO_START_LOCAL_REDIS: flag(true),
  LOCAL_REDIS_START_CMD: z.string().default(''),
  LOCAL_REDIS_START_TIMEOUT_SECONDS: z.coerce.number().positive().max(300).default(12),
  PREFER_DOCKER_REDIS: flag(false),
  CACHE_TIMEOUT_MS: z.coerce.number().int().positive().max(60_000).default(1_000),
};

export interface CacheConfig {
  backend: 'auto' | 'upstash_rest' | 'redis' | 'memory';
  keyPrefix: string;
  redisUrl: string;
  upstashUrl: string;
  upstashToken: string;
  autoStartLocalRedis: boolean;
  localRedisStartCmd: string;
  localRedisStartTimeoutMs: number;
  preferDockerRedis: boolean;
  timeoutMs: number;
}

type CacheEnv = z.infer<z.ZodObject<typeof cacheEnvShape>>;

export function toCacheConfig(env: CacheEnv): CacheConfig {
  return {
    backend: env.CACHE_BACKEND,
    keyPrefix: env.CACHE_KEY_PREFIX,
    redisUrl: env.REDIS_URL,
    upstashUrl: env.UPSTASH_REDIS_REST_URL,
    upstashToken: env.UPSTASH_REDIS_REST_TOKEN,
    autoStartLocalRedis: env.AUTO_START_LOCAL_REDIS,
    localRedisStartCmd: env.LOCAL_REDIS_START_CMD,
    localRedisStartTimeoutMs: env.LOCAL_REDIS_START_TIMEOUT_SECONDS * 1000,
    preferDockerRedis: env.PREFER_DOCKER_REDIS,
    timeoutMs: env.CACHE_TIMEOUT_MS,
  };
}
