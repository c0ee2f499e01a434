import { z } from 'zod';
import { EVENT_DIRECTIONS } from './camera-role.js';
import { EVENT_SOURCES } from './attendance-days.js';
import { PersonRefSchema } from './people.js';

/**
 * Corrections of attendance events by an operator or an admin. Each needs a reason; each is written to
 * the audit log (who, when, what, why) and sent to integrations as `attendance.corrected`. Days, boards,
 * reports and exports count the corrected events.
 */

const ReasonSchema = z
  .string()
  .trim()
  .min(1)
  .max(500)
  .describe('Why (1–500 characters), kept in the audit log');

/** `POST /v1/attendance/events`: a missed event, added by hand at its real time. */
export const EventAddInputSchema = z.strictObject({
  person_id: z.uuid().describe('Whose event it is'),
  recorded_at: z.iso.datetime({ offset: true }).describe('When it happened: ISO 8601 with an offset or Z'),
  direction: z.enum(EVENT_DIRECTIONS).describe('in, out or both (direction unknown)'),
  reason: ReasonSchema,
});
export type EventAddInput = z.infer<typeof EventAddInputSchema>;

/** `POST /v1/attendance/events/:id/void`: the event stays stored, marked void, and stops counting. */
export const EventVoidInputSchema = z.strictObject({ reason: ReasonSchema });
export type EventVoidInput = z.infer<typeof EventVoidInputSchema>;

/** `POST /v1/attendance/events/:id/reassign`: the event was someone else's. */
export const EventReassignInputSchema = z.strictObject({
  person_id: z.uuid().describe('The person the event really belongs to'),
  reason: ReasonSchema,
});
export type EventReassignInput = z.infer<typeof EventReassignInputSchema>;

export const CORRECTION_ACTIONS = ['added', 'voided', 'reassigned'] as const;
export type CorrectionAction = (typeof CORRECTION_ACTIONS)[number];

/** An event after a correction, as answered by the correction routes. */
export const CorrectedEventSchema = z.object({
  id: z.string(),
  person: PersonRefSchema,
  recorded_at: z.string(),
  /** Local working day the event counts on. */
  local_day: z.string(),
  direction: z.enum(EVENT_DIRECTIONS),
  camera_id: z.string().nullable(),
  source: z.enum(EVENT_SOURCES),
  /** Set once voided (ISO 8601 UTC); a voided event no longer counts. */
  voided_at: z.string().nullable(),
  void_reason: z.string().nullable(),
});
export type CorrectedEvent = z.infer<typeof CorrectedEventSchema>;

/** Payload of the `attendance.corrected` integration event. */
export const AttendanceCorrectedSchema = z.object({
  attendance_event_id: z.string(),
  action: z.enum(CORRECTION_ACTIONS),
  /** The event's person after the correction. */
  person: PersonRefSchema,
  /** For `reassigned`: whose event it was before. */
  previous_person_id: z.string().nullable(),
  recorded_at: z.string(),
  local_day: z.string(),
  direction: z.enum(EVENT_DIRECTIONS),
  reason: z.string(),
});
export type AttendanceCorrected = z.infer<typeof AttendanceCorrectedSchema>;
