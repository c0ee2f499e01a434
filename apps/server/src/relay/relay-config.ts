import { z } from 'zod';

/** Environment variables of the live relay; merged into the server's config schema. */
export const relayEnvShape = {
  LIVE_MAX_PUBLISHERS: z.coerce.number().int().min(1).max(10_000).default(64),
  LIVE_MAX_VIEWERS: z.coerce.number().int().min(1).max(10_000).default(200),
  /** One JPEG frame; a 1280×720 frame at quality 80 is ~100–200 KB. */
  LIVE_MAX_FRAME_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(16 * 1024 * 1024)
    .default(2 * 1024 * 1024),
  /**
   * Redis that bridges the live relay between server instances (pub/sub). Empty: REDIS_URL when
   * CACHE_BACKEND=redis, else no bridge (single instance). `off`: never bridge.
   */
  RELAY_REDIS_URL: z
    .string()
    .refine(
      (v) =>
        v === '' || v === 'off' || (URL.canParse(v) && ['redis:', 'rediss:'].includes(new URL(v).protocol)),
      'must be empty, "off" or a redis:// or rediss:// URL',
    )
    .default(''),
};

export interface RelayLimits {
  maxPublishers: number;
  maxViewers: number;
  maxFrameBytes: number;
  /** How often viewers get a `relay.status` message. */
  statusIntervalMs: number;
  /** Ping interval; a socket that missed a whole interval without a pong is terminated. */
  pingIntervalMs: number;
}

export const DEFAULT_RELAY_LIMITS: RelayLimits = {
  maxPublishers: 64,
  maxViewers: 200,
  maxFrameBytes: 2 * 1024 * 1024,
  statusIntervalMs: 1000,
  pingIntervalMs: 30_000,
};

type RelayEnv = z.infer<z.ZodObject<typeof relayEnvShape>>;

/** The Redis URL of the relay bridge, or undefined when live frames stay on this instance. */
export function toRelayRedisUrl(
  env: RelayEnv & { CACHE_BACKEND: string; REDIS_URL: string },
): string | undefined {
  if (env.RELAY_REDIS_URL === 'off') return undefined;
  if (env.RELAY_REDIS_URL !== '') return env.RELAY_REDIS_URL;
  return env.CACHE_BACKEND === 'redis' ? env.REDIS_URL : undefined;
}

export function toRelayLimits(env: RelayEnv): RelayLimits {
  return {
    ...DEFAULT_RELAY_LIMITS,
    maxPublishers: env.LIVE_MAX_PUBLISHERS,
    maxViewers: env.LIVE_MAX_VIEWERS,
    maxFrameBytes: env.LIVE_MAX_FRAME_BYTES,
  };
}
