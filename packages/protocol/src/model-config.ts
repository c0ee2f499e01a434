import { z } from 'zod';

/** One configured model file on the server, as `GET /v1/models/config` reports it. */
export const ModelFileStateSchema = z.object({
  role: z.enum(['detector', 'recognizer', 'liveness']),
  file: z.string(),
  present: z.boolean(),
  /** Model name from the file's hash or manifest; null when missing or unknown. */
  identified: z.string().nullable(),
  problem: z.string().nullable(),
});

/**
 * The server's model configuration (`GET /v1/models/config`, `/ui/api/config`): the pack the whole system
 * uses, the recognizer every edge must run (embeddings of different models never match), and whether the
 * server's own copies of the files (served to the dashboard and kiosk) are usable.
 */
export const ModelConfigSchema = z.object({
  pack: z.string(),
  /** The recognizer's model id (`name@sha256-prefix`); null when the server cannot tell (custom, missing). */
  model: z.object({ id: z.string(), dim: z.number().int().nullable() }).nullable(),
  /** Detector and recognizer: `missing` / `wrong` means the dashboard's enrollment and the kiosk cannot run. */
  status: z.enum(['ok', 'missing', 'wrong']),
  /** The optional passive-liveness pair of the kiosk; `none` when none is configured. */
  liveness: z.enum(['ok', 'missing', 'wrong', 'none']),
  files: z.array(ModelFileStateSchema),
  problem: z.string().nullable(),
  fix: z.string().nullable(),
});
export type ModelConfig = z.infer<typeof ModelConfigSchema>;
