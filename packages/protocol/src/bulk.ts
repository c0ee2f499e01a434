import { z } from 'zod';
import { ModelIdSchema, PersonCreateSchema, TemplateEmbeddingsSchema } from './people.js';

/** Most people per `POST /v1/people/bulk` request (one transaction). */
export const MAX_BULK_PEOPLE = 2000;

/** One person of a bulk import: the fields of `POST /v1/people`, with faces of the request's model. */
export const BulkPersonSchema = PersonCreateSchema.omit({ templates: true }).extend({
  embeddings: TemplateEmbeddingsSchema.describe("Face embeddings of the request's model"),
});
export type BulkPerson = z.infer<typeof BulkPersonSchema>;

/**
 * A batch of people with face templates, all or nothing (PostgreSQL: one transaction; embedded PGlite: person
 * by person, undone on failure). The duplicate-face check is ON by default: a face already enrolled for
 * someone else is refused (409 duplicate_face). It costs one nearest-neighbour search per template and a
 * per-model lock; an import known not to overlap the gallery (a first load of a million faces) may opt out
 * explicitly with `check_duplicates: false`.
 */
export const BulkEnrollSchema = z.strictObject({
  model: ModelIdSchema.describe('Recognition model of every embedding'),
  check_duplicates: z
    .boolean()
    .default(true)
    .describe('False: skip the duplicate-face search (an import known not to overlap the gallery)'),
  people: z.array(BulkPersonSchema).min(1).max(MAX_BULK_PEOPLE).describe('The people, all or nothing'),
});
export type BulkEnroll = z.infer<typeof BulkEnrollSchema>;

export const BulkEnrollResultSchema = z.object({
  /** Created people, in request order. */
  people: z.array(z.object({ id: z.uuid(), external_id: z.string().nullable() })),
  templates: z.number().int(),
});
export type BulkEnrollResult = z.infer<typeof BulkEnrollResultSchema>;

export const INDEX_BUILD_STATES = ['idle', 'building', 'failed'] as const;

/** A model's HNSW index and its (re)build, as reported by `GET /v1/models/:id/index`. */
export const ModelIndexStatusSchema = z.object({
  model: z.string(),
  dim: z.number().int(),
  /** null while the index is being built (counting would scan the table the build is reading). */
  templates: z.number().int().nullable(),
  index: z.object({ name: z.string(), valid: z.boolean(), size_bytes: z.number().int() }).nullable(),
  build: z.object({
    state: z.enum(INDEX_BUILD_STATES),
    started_at: z.string().nullable(),
    finished_at: z.string().nullable(),
    /** PostgreSQL's CREATE INDEX phase while building (pg_stat_progress_create_index). */
    phase: z.string().nullable(),
    /** 0–100 while building (tuples or blocks done), null when unknown. */
    percent: z.number().nullable(),
    duration_ms: z.number().nullable(),
    error: z.string().nullable(),
  }),
});
export type ModelIndexStatus = z.infer<typeof ModelIndexStatusSchema>;

export const ModelParamsSchema = z.strictObject({
  id: ModelIdSchema.describe('The model id, e.g. intel-reid-0095-256@20c1601d'),
});
