import { z } from 'zod';

/**
 * Scopes of an API key (and of an account's role): `edge` may only identify, `viewer` may read people and
 * attendance, `operator` may also enroll and correct people, `admin` may do everything (including managing
 * keys, accounts and devices). admin ⊇ operator ⊇ viewer; `edge` stands apart.
 */
export const API_KEY_SCOPES = ['edge', 'viewer', 'operator', 'admin'] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

export const ApiKeyCreateSchema = z.strictObject({
  name: z.string().trim().min(1).max(100),
  scopes: z.array(z.enum(API_KEY_SCOPES)).min(1).max(API_KEY_SCOPES.length),
  /** Optional expiry; the key is refused from this instant on. */
  expires_at: z.iso.datetime({ offset: true }).optional(),
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
});
export type ApiKey = z.infer<typeof ApiKeySchema>;

/** Returned once, at creation: the only time the secret is ever shown. */
export const ApiKeyCreatedSchema = ApiKeySchema.extend({ key: z.string() });
export type ApiKeyCreated = z.infer<typeof ApiKeyCreatedSchema>;

export const ApiKeyListSchema = z.object({ items: z.array(ApiKeySchema) });
