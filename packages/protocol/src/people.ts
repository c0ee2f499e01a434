import { z } from 'zod';
import { MAX_TEMPLATES_PER_REQUEST, MODEL_ID_PATTERN } from './constants.js';
import { EmbeddingWireSchema } from './embedding.js';
import { PageQuerySchema, pageOf } from './page.js';

const trimmed = (min: number, max: number) => z.string().trim().min(min).max(max);

export const ModelIdSchema = z.string().regex(MODEL_ID_PATTERN, 'model id: 1–100 of A-Z a-z 0-9 . _ @ : + -');

/** The faces of one person in one request: at least one embedding, at most `MAX_TEMPLATES_PER_REQUEST`. */
export const TemplateEmbeddingsSchema = z.array(EmbeddingWireSchema).min(1).max(MAX_TEMPLATES_PER_REQUEST);

/** Templates of one model for one person; every embedding must have that model's dimension. */
export const TemplatesInputSchema = z.strictObject({
  model: ModelIdSchema.describe('Recognition model that made the embeddings'),
  embeddings: TemplateEmbeddingsSchema.describe("Face embeddings, each of the model's dimension"),
});
export type TemplatesInput = z.infer<typeof TemplatesInputSchema>;

export const PersonCreateSchema = z.strictObject({
  name: trimmed(1, 100).describe('Display name (1–100 characters)'),
  external_id: trimmed(1, 64).nullish().describe('Your own identifier, e.g. an employee number; unique'),
  role: trimmed(1, 32).default('employee').describe('Free-form role shown in lists, e.g. employee'),
  active: z.boolean().default(true).describe('False: kept, but never recognised'),
  templates: TemplatesInputSchema.optional().describe('Faces to enroll in the same request, atomically'),
});
export type PersonCreate = z.infer<typeof PersonCreateSchema>;

export const PersonUpdateSchema = z
  .strictObject({
    name: trimmed(1, 100).describe('Display name (1–100 characters)'),
    external_id: trimmed(1, 64).nullable().describe('Your own identifier; null removes it'),
    role: trimmed(1, 32).describe('Free-form role shown in lists'),
    active: z.boolean().describe('False: kept, but never recognised'),
  })
  .partial()
  .refine((value) => Object.keys(value).length > 0, 'at least one field to update');
export type PersonUpdate = z.infer<typeof PersonUpdateSchema>;

export const PersonSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  external_id: z.string().nullable(),
  role: z.string(),
  active: z.boolean(),
  template_count: z.number().int(),
  created_at: z.string(),
  updated_at: z.string(),
});
export type Person = z.infer<typeof PersonSchema>;

export const PersonRefSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  external_id: z.string().nullable(),
});
export type PersonRef = z.infer<typeof PersonRefSchema>;

export const PersonListQuerySchema = PageQuerySchema.extend({
  q: z.string().trim().min(1).max(100).optional().describe('Search: part of the name or external id'),
  active: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional()
    .describe('true: active people only; false: deactivated only; default both'),
  without_model: ModelIdSchema.optional().describe(
    'Only people with no template of this model: who must be re-enrolled after a change of model',
  ),
});
export type PersonListQuery = z.infer<typeof PersonListQuerySchema>;

export const PersonListSchema = pageOf(PersonSchema);

export const TemplateSchema = z.object({
  id: z.uuid(),
  model: z.string(),
  dim: z.number().int(),
  created_at: z.string(),
});
export type Template = z.infer<typeof TemplateSchema>;

export const TemplatesAddedSchema = z.object({ items: z.array(TemplateSchema) });
