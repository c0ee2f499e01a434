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

export function toRelayLimits(env: RelayEnv): RelayLimits {
  return {
    ...DEFAULT_RELAY_LIMITS,
    maxPublishers: env.LIVE_MAX_PUBLISHERS,
    maxViewers: env.LIVE_MAX_VIEWERS,
    maxFrameBytes: env.LIVE_MAX_FRAME_BYTES,
  };
}
