import { z } from 'zod';
import { pageOf, PageQuerySchema } from './page.js';

/** What `DELETE /v1/people/:id` does with the person's attendance events (default: server setting). */
export const PersonEraseQuerySchema = z.strictObject({
  events: z
    .enum(['delete', 'keep'])
    .optional()
    .describe("keep: leave the person's attendance events; default ERASE_EVENTS_WITH_PERSON"),
});
export type PersonEraseQuery = z.infer<typeof PersonEraseQuerySchema>;

export const AUDIT_ACTIONS = [
  'person.erased',
  'api_key.created',
  'api_key.revoked',
  'account.created',
  'account.updated',
  'account.password_reset',
  'account.deleted',
  'pairing_code.created',
  'device.paired',
  'device.revoked',
  'attendance.event_added',
  'attendance.event_voided',
  'attendance.event_reassigned',
] as const;

/**
 * One audited action. Never personal data: the acting API key's id, the subject's id (a person's random
 * uuid that names nothing once erased, or an API key's id) and counts; no names, no external ids, no
 * embeddings, never a key's secret. `api_key.created` counts the new key's scopes (`scope.admin: 1`, …).
 * Attendance corrections name the event as subject and carry the operator's reason.
 */
export const AuditEntrySchema = z.object({
  id: z.uuid(),
  action: z.enum(AUDIT_ACTIONS),
  actor_key_id: z.uuid().nullable(),
  subject_id: z.uuid().nullable(),
  counts: z.record(z.string(), z.number().int()),
  /** Why, for actions that need one (attendance corrections); null otherwise. */
  reason: z.string().nullable(),
  occurred_at: z.string(),
});
export type AuditEntry = z.infer<typeof AuditEntrySchema>;

export const AuditLogQuerySchema = PageQuerySchema;
export type AuditLogQuery = z.infer<typeof AuditLogQuerySchema>;

export const AuditLogSchema = pageOf(AuditEntrySchema);
export type AuditLog = z.infer<typeof AuditLogSchema>;
