import { z } from 'zod';
import { CAMERA_ROLES } from './camera-role.js';
import { pageOf, PageQuerySchema } from './page.js';
import { CameraIdSchema as CameraId } from './recognition.js';

/**
 * Per-camera liveness policy:
 * - `off`: evidence is ignored;
 * - `warn`: identify proceeds whatever the evidence says (spoof events are still listed);
 * - `enforce`: every face must carry evidence with decision `real`, score ≥ threshold and a challenge that
 *   did not fail (passed, when the camera requires the challenge); otherwise the request is refused and
 *   nothing is recorded.
 */
export const LIVENESS_MODES = ['off', 'warn', 'enforce'] as const;
export type LivenessMode = (typeof LIVENESS_MODES)[number];

/** `PUT /v1/cameras/:id/liveness`. Omitted fields fall back to the server's defaults. */
export const CameraLivenessInputSchema = z.strictObject({
  mode: z.enum(LIVENESS_MODES).describe('off, warn (record attempts) or enforce (refuse spoofs)'),
  threshold: z
    .number()
    .min(0)
    .max(1)
    .nullable()
    .optional()
    .describe("Minimum passive score (0–1); null: the server's LIVENESS_THRESHOLD"),
  require_challenge: z.boolean().optional().describe('True: an active (head-turn) challenge must pass too'),
});
export type CameraLivenessInput = z.infer<typeof CameraLivenessInputSchema>;

/** The policy in force for a camera (defaults already applied) and whether it was set explicitly. */
export const CameraLivenessPolicySchema = z.object({
  mode: z.enum(LIVENESS_MODES),
  threshold: z.number(),
  require_challenge: z.boolean(),
  /** False when the camera uses the server's defaults (LIVENESS_DEFAULT_MODE, LIVENESS_THRESHOLD). */
  explicit: z.boolean(),
});
export type CameraLivenessPolicy = z.infer<typeof CameraLivenessPolicySchema>;

export const CameraSchema = z.object({
  id: z.string(),
  /** Display name (`PATCH /v1/cameras/:id`); null until set, then shown instead of the id. */
  name: z.string().nullable(),
  location: z.string().nullable(),
  last_seen_at: z.string().nullable(),
  /** Door direction (`PUT /v1/cameras/:id/role`); `both` until set. */
  role: z.enum(CAMERA_ROLES),
  liveness: CameraLivenessPolicySchema,
});
export type Camera = z.infer<typeof CameraSchema>;

export const CameraListSchema = z.object({ items: z.array(CameraSchema) });

export const CameraParamsSchema = z.strictObject({ id: CameraId.describe('The camera id') });

/**
 * Why an edge judged a face a spoof attempt: the passive score, or a failed head-turn challenge
 * (`challenge_*` mirror the challenge's failure reasons).
 */
export const SPOOF_REASONS = [
  'passive_spoof',
  'challenge_timeout',
  'challenge_no_turn',
  'challenge_wrong_direction',
  'challenge_identity_changed',
  'challenge_track_changed',
] as const;
export type SpoofReason = (typeof SPOOF_REASONS)[number];

/**
 * `POST /v1/spoof-events`: a spoof attempt seen by an edge. Deliberately no image, no embedding, no
 * person: only the camera, the time, the score and the reason.
 */
export const SpoofEventInputSchema = z.strictObject({
  camera_id: CameraId.describe('The camera that saw the attempt'),
  score: z.number().min(0).max(1).describe('The passive anti-spoofing score (0–1)'),
  reason: z.enum(SPOOF_REASONS).describe('Why the face was taken for a spoof'),
  mode: z
    .enum(['warn', 'enforce'])
    .describe("The edge's liveness mode when it saw the attempt (enforce: nothing was identified)"),
  idempotency_key: z
    .string()
    .regex(/^[A-Za-z0-9._:-]{8,128}$/)
    .optional()
    .describe('As for identify: a replay with the same key is stored once'),
  captured_at: z.iso
    .datetime({ offset: true })
    .optional()
    .describe('When the edge saw it; default the time the server receives it'),
});
export type SpoofEventInput = z.infer<typeof SpoofEventInputSchema>;

export const SpoofEventSchema = z.object({
  id: z.string(),
  camera_id: z.string(),
  score: z.number(),
  reason: z.enum(SPOOF_REASONS),
  mode: z.enum(['warn', 'enforce']),
  captured_at: z.string(),
});
export type SpoofEvent = z.infer<typeof SpoofEventSchema>;

export const SpoofEventCreatedSchema = z.object({
  status: z.enum(['recorded', 'already_recorded']),
  event: SpoofEventSchema,
});
export type SpoofEventCreated = z.infer<typeof SpoofEventCreatedSchema>;

export const SpoofEventQuerySchema = PageQuerySchema.extend({
  camera_id: CameraId.optional().describe('Only this camera'),
  since: z.iso
    .datetime({ offset: true })
    .optional()
    .describe('Only attempts captured at or after this instant (ISO 8601 with offset)'),
});
export type SpoofEventQuery = z.infer<typeof SpoofEventQuerySchema>;

export const SpoofEventListSchema = pageOf(SpoofEventSchema);
export type SpoofEventList = z.infer<typeof SpoofEventListSchema>;
