import { z } from 'zod';

/**
 * Passive liveness verdict of the edge: `real`, `spoof` (score below the edge's threshold), `too_small`
 * (face too small to judge: "come closer"), `unchecked` (liveness off at the edge).
 */
export const LIVENESS_DECISIONS = ['real', 'spoof', 'too_small', 'unchecked'] as const;
export type LivenessDecision = (typeof LIVENESS_DECISIONS)[number];

/** Outcome of the active head-turn challenge for this face. */
export const CHALLENGE_OUTCOMES = ['passed', 'failed', 'not_required'] as const;
export type ChallengeOutcome = (typeof CHALLENGE_OUTCOMES)[number];

/**
 * Liveness evidence an edge attaches to a face of an identify request. `score` is the passive
 * anti-spoofing score (averaged P(real) over the track's frames, in [0, 1], higher = more likely real).
 */
export const LivenessEvidenceSchema = z.strictObject({
  score: z
    .number()
    .min(0)
    .max(1)
    .describe("Averaged P(real) over the track's frames (0–1, higher is more likely real)"),
  decision: z.enum(LIVENESS_DECISIONS).describe("The edge's decision from the score"),
  checked_by: z
    .string()
    .regex(/^[A-Za-z0-9._@:+-]{1,64}$/)
    .optional()
    .describe('What produced the score, e.g. minifasnet-v2+v1se (no personal data)'),
  challenge: z
    .enum(CHALLENGE_OUTCOMES)
    .optional()
    .describe('Outcome of an active (head-turn) challenge, if one ran'),
});
export type LivenessEvidence = z.infer<typeof LivenessEvidenceSchema>;
