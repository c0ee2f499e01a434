import { z } from 'zod';
import { CameraIdSchema } from './recognition.js';

/**
 * Wire shapes of the original Python system's routes, kept so its clients keep working. They always use
 * the server's default model (EMBEDDING_MODEL / EMBEDDING_DIM). New clients should use `/v1`.
 */
export const CompatIdentifyRequestSchema = z.strictObject({
  embedding: z.array(z.number()).min(1).max(4096).describe('The face embedding (the default model)'),
  camera_id: CameraIdSchema.describe('The camera that saw the face'),
});
export type CompatIdentifyRequest = z.infer<typeof CompatIdentifyRequestSchema>;

export const CompatIdentifyResponseSchema = z.object({
  status: z.enum(['success', 'ignored', 'unknown']),
  message: z.string(),
  person_name: z.string().nullable(),
  employee_id: z.string().nullable(),
  /** Added over the original: cosine similarity of the best candidate (null when nobody is enrolled). */
  similarity: z.number().nullable(),
});
export type CompatIdentifyResponse = z.infer<typeof CompatIdentifyResponseSchema>;

export const CompatPersonCreateSchema = z.strictObject({
  name: z.string().trim().min(2).max(100).describe('Display name'),
  employee_id: z.string().trim().min(1).max(50).nullish().describe('The external id'),
  role: z.string().trim().min(1).max(20).default('employee').describe('Free-form role'),
  is_active: z.boolean().default(true).describe('False: kept, but never recognised'),
  embedding: z.array(z.number()).min(1).max(4096).describe('One face embedding (the default model)'),
});
export type CompatPersonCreate = z.infer<typeof CompatPersonCreateSchema>;

export const CompatPersonReadSchema = z.object({
  id: z.string(),
  name: z.string(),
  employee_id: z.string().nullable(),
  role: z.string(),
  is_active: z.boolean(),
  created_at: z.string(),
  updated_at: z.string(),
});
export type CompatPersonRead = z.infer<typeof CompatPersonReadSchema>;

export const CompatHistoryQuerySchema = z.strictObject({
  skip: z.coerce.number().int().min(0).max(1_000_000).default(0).describe('How many records to skip'),
  limit: z.coerce.number().int().min(1).max(500).default(100).describe('How many records to return (1–500)'),
  date: z.iso.date().optional().describe('Only this day (YYYY-MM-DD)'),
});
export type CompatHistoryQuery = z.infer<typeof CompatHistoryQuerySchema>;

export const CompatAttendanceReadSchema = z.object({
  id: z.string(),
  person_id: z.string(),
  date: z.string(),
  method: z.string(),
  confidence_score: z.number().nullable(),
  camera_id: z.string(),
  created_at: z.string(),
  person: CompatPersonReadSchema,
});
export type CompatAttendanceRead = z.infer<typeof CompatAttendanceReadSchema>;
export const CompatHistorySchema = z.array(CompatAttendanceReadSchema);

export const CompatHealthSchema = z.object({ status: z.literal('ok'), service: z.string() });
export const CompatDbHealthSchema = z.object({ status: z.enum(['up', 'down']), database: z.string() });
