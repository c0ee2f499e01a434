import { z } from 'zod';
import { API_KEY_SCOPES } from './api-keys.js';

/** `admin` manages everything, `operator` enrolls and corrects people, `viewer` only reads. */
export const ACCOUNT_ROLES = ['admin', 'operator', 'viewer'] as const;
export type AccountRole = (typeof ACCOUNT_ROLES)[number];

/** Case-insensitive: stored lower-case. Letters, digits and `._-@` so an e-mail address works too. */
export const UsernameSchema = z
  .string()
  .trim()
  .min(3)
  .max(64)
  .regex(/^[A-Za-z0-9._@-]+$/, 'letters, digits and . _ - @ only')
  .transform((name) => name.toLowerCase());

/** Length is what makes a password strong; no composition rules (NIST SP 800-63B). */
export const PasswordSchema = z.string().min(10, 'at least 10 characters').max(256);

export const AccountCreateSchema = z.strictObject({
  username: UsernameSchema.describe('Sign-in name'),
  password: PasswordSchema.describe('Initial password'),
  role: z.enum(ACCOUNT_ROLES).describe('What the account may do in the dashboard'),
});
export type AccountCreate = z.infer<typeof AccountCreateSchema>;

export const AccountUpdateSchema = z
  .strictObject({
    role: z.enum(ACCOUNT_ROLES).optional().describe('New role'),
    disabled: z.boolean().optional().describe('True: the account cannot sign in; its sessions end'),
  })
  .refine((update) => update.role !== undefined || update.disabled !== undefined, 'role or disabled');
export type AccountUpdate = z.infer<typeof AccountUpdateSchema>;

/** An admin sets a new password for someone else; every session of that account ends. */
export const PasswordResetSchema = z.strictObject({ password: PasswordSchema.describe('The new password') });

/** A signed-in person changes their own password; their other sessions end. */
export const PasswordChangeSchema = z.strictObject({
  current_password: z.string().min(1).max(256),
  new_password: PasswordSchema,
});

export const AccountSchema = z.object({
  id: z.uuid(),
  username: z.string(),
  role: z.enum(ACCOUNT_ROLES),
  disabled: z.boolean(),
  created_at: z.string(),
  last_sign_in_at: z.string().nullable(),
});
export type Account = z.infer<typeof AccountSchema>;
export const AccountListSchema = z.object({ items: z.array(AccountSchema) });

/** Dashboard sign-in: a person with a password, or a machine (kiosk) with an API key. */
export const SignInSchema = z.union([
  z.strictObject({ username: z.string().min(1).max(64), password: z.string().min(1).max(256) }),
  z.strictObject({ api_key: z.string().min(1).max(512) }),
]);

/** First run: the admin key proves the right to create the first admin account. */
export const FirstAdminSchema = z.strictObject({
  admin_key: z.string().min(1).max(512),
  username: UsernameSchema,
  password: PasswordSchema,
});

/**
 * `GET`/`POST /ui/api/session`: who is signed in to the dashboard (an account, or `null` for a kiosk signed in
 * with an API key), what they may do, and the CSRF token every write of this session must carry.
 */
export const DashboardSessionSchema = z.object({
  scopes: z.array(z.enum(API_KEY_SCOPES)),
  account: z.object({ id: z.uuid(), username: z.string(), role: z.enum(ACCOUNT_ROLES) }).nullable(),
  csrf_token: z.string(),
  expires_at: z.string(),
});
export type DashboardSession = z.infer<typeof DashboardSessionSchema>;
