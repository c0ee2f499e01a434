import { z } from 'zod';
import { CameraIdSchema } from './recognition.js';

/**
 * Scopes of an API key (and of an account's role): `edge` may only identify, `viewer` may read people and
 * attendance, `operator` may also enroll and correct people, `admin` may do everything (including managing
 * keys, accounts and devices). admin ⊇ operator ⊇ viewer; `edge` stands apart.
 */
export const API_KEY_SCOPES = ['edge', 'viewer', 'operator', 'admin'] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

export const ApiKeyCreateSchema = z
  .strictObject({
    name: z.string().trim().min(1).max(100).describe('What the key is for (1–100 characters)'),
    scopes: z
      .array(z.enum(API_KEY_SCOPES))
      .min(1)
      .max(API_KEY_SCOPES.length)
      .describe('What the key may do: admin, operator, viewer, edge'),
    expires_at: z.iso
      .datetime({ offset: true })
      .optional()
      .describe('Optional expiry; the key is refused from this instant on'),
    camera_id: CameraIdSchema.optional().describe(
      'Binds an edge key to one camera: it may then only identify and publish for that camera',
    ),
  })
  .refine((input) => input.camera_id === undefined || input.scopes.every((scope) => scope === 'edge'), {
    message: 'camera_id binds an edge key: scopes must be ["edge"]',
    path: ['camera_id'],
  });
export type ApiKeyCreate = z.infer<typeof ApiKeyCreateSchema>;

/** A stored key as listed to admins: never the secret, only its first characters. */
export const ApiKeySchema = z.object({
  id: z.uuid(),
  name: z.string(),
  key_prefix: z.string(),
  scopes: z.array(z.enum(API_KEY_SCOPES)),
  created_at: z.string(),
  expires_at: z.string().nullable(),
  revoked_at: z.string().nullable(),
  last_used_at: z.string().nullable(),
  /** The one camera an edge key (or a paired device) may act for; null = any camera. */
  camera_id: z.string().nullable(),
});
export type ApiKey = z.infer<typeof ApiKeySchema>;

/** Returned once, at creation: the only time the secret is ever shown. */
export const ApiKeyCreatedSchema = ApiKeySchema.extend({ key: z.string() });
export type ApiKeyCreated = z.infer<typeof ApiKeyCreatedSchema>;

export const ApiKeyListSchema = z.object({ items: z.array(ApiKeySchema) });
