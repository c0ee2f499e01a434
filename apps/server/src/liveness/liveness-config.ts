import { LIVENESS_MODES, type LivenessMode } from '@attendance/protocol';
import { z } from 'zod';

/** Environment variables of the liveness policy; merged into the server's config schema. */
export const livenessEnvShape = {
  /** Policy of cameras without their own (set with `PUT /v1/cameras/:id/liveness`). */
  LIVENESS_DEFAULT_MODE: z.enum(LIVENESS_MODES).default('off'),
  /** Minimum passive anti-spoofing score (averaged P(real), 0–1) an enforcing camera accepts by default. */
  LIVENESS_THRESHOLD: z.coerce.number().min(0).max(1).default(0.5),
};

export interface LivenessDefaults {
  mode: LivenessMode;
  threshold: number;
}

type LivenessEnv = z.infer<z.ZodObject<typeof livenessEnvShape>>;

export function toLivenessDefaults(env: LivenessEnv): LivenessDefaults {
  return { mode: env.LIVENESS_DEFAULT_MODE, threshold: env.LIVENESS_THRESHOLD };
}
