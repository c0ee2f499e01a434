import { z } from 'zod';

export const CacheHealthSchema = z.object({
  backend: z.enum(['upstash_rest', 'redis', 'memory', 'none']),
  status: z.enum(['up', 'degraded', 'down']),
  /** Why this backend is active (e.g. "auto: Upstash not configured; Redis answered PING"). */
  reason: z.string(),
});
export type CacheHealth = z.infer<typeof CacheHealthSchema>;

export const ReadinessSchema = z.object({
  status: z.enum(['ok', 'degraded', 'down']),
  database: z.object({ status: z.enum(['up', 'down']), driver: z.enum(['postgres', 'pglite']) }),
  cache: CacheHealthSchema,
  migrations: z.object({
    applied: z.number().int(),
    pending: z.number().int(),
    latest: z.string().nullable(),
  }),
  version: z.string(),
  /** Why the status is `down` (e.g. waiting for the database at startup); absent otherwise. */
  reason: z.string().optional(),
  /** The model files the dashboard and kiosk load (details: `GET /v1/models/config`); not part of `status`. */
  models: z.object({ status: z.enum(['ok', 'missing', 'wrong']), pack: z.string() }).optional(),
});
export type Readiness = z.infer<typeof ReadinessSchema>;
