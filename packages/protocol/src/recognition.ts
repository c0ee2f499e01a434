import { z } from 'zod';
import { CAMERA_ID_PATTERN, MAX_FACES_PER_IDENTIFY } from './constants.js';
import { EmbeddingWireSchema } from './embedding.js';
import { LivenessEvidenceSchema } from './liveness-evidence.js';
import { ModelIdSchema, PersonRefSchema } from './people.js';

export const CameraIdSchema = z
  .string()
  .regex(CAMERA_ID_PATTERN, 'camera id: 1–64 of A-Z a-z 0-9 . _ : -, starting with a letter or digit');

export const FaceProbeSchema = z.strictObject({
  embedding: EmbeddingWireSchema.describe(
    'The face embedding: an array of numbers or the compact base64 form',
  ),
  track_id: z
    .string()
    .max(64)
    .optional()
    .describe('Edge tracker id, so the answer can tell faces of one frame apart'),
  quality: z.number().min(0).max(1).optional().describe("The edge's face quality score (0–1)"),
  liveness: LivenessEvidenceSchema.optional().describe("The edge's anti-spoofing evidence for this face"),
});
export type FaceProbe = z.infer<typeof FaceProbeSchema>;

export const IdentifyRequestSchema = z.strictObject({
  camera_id: CameraIdSchema.describe('The camera that saw the faces'),
  model: ModelIdSchema.describe('Recognition model that made the embeddings'),
  faces: z.array(FaceProbeSchema).min(1).max(MAX_FACES_PER_IDENTIFY).describe('The faces of one frame'),
  idempotency_key: z
    .string()
    .regex(/^[A-Za-z0-9._:-]{8,128}$/)
    .optional()
    .describe('Makes a replay (edge offline queue) safe: the same key never records twice'),
  captured_at: z.iso
    .datetime({ offset: true })
    .optional()
    .describe('When the frame was captured at the edge; default the time the server receives it'),
  queue_depth: z
    .number()
    .int()
    .min(0)
    .max(100_000_000)
    .optional()
    .describe("Requests waiting in the agent's offline queue when it sent this one (a server metric)"),
});
export type IdentifyRequest = z.infer<typeof IdentifyRequestSchema>;

/**
 * - `recorded`: a new attendance event was stored.
 * - `already_recorded`: known person, still inside the cooldown window; nothing stored.
 * - `unknown`: best similarity below the threshold (or nobody enrolled for this model).
 * - `ambiguous`: two different people within the ambiguity margin; treated as unknown.
 */
export const MATCH_STATUSES = ['recorded', 'already_recorded', 'unknown', 'ambiguous'] as const;
export type MatchStatus = (typeof MATCH_STATUSES)[number];

export const FaceResultSchema = z.object({
  status: z.enum(MATCH_STATUSES),
  track_id: z.string().nullable(),
  person: PersonRefSchema.nullable(),
  /** Cosine similarity of the best candidate in [-1, 1]; null when nobody is enrolled for the model. */
  similarity: z.number().nullable(),
  /** Best similarity minus the best similarity of a different person; null without a runner-up. */
  margin: z.number().nullable(),
  event_id: z.string().nullable(),
});
export type FaceResult = z.infer<typeof FaceResultSchema>;

export const IdentifyResponseSchema = z.object({
  model: z.string(),
  threshold: z.number(),
  results: z.array(FaceResultSchema),
});
export type IdentifyResponse = z.infer<typeof IdentifyResponseSchema>;
