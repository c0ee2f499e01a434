import { z } from 'zod';

const HH_MM = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:MM');
const DaySchema = z.iso.date();

/** A zone name the runtime's time-zone database knows (IANA, e.g. `Europe/Berlin`; not an offset like `+01:00`). */
export function isTimeZone(name: string): boolean {
  if (!/^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(name)) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/**
 * The zone name with its database spelling when it differs only in case (`europe/berlin` → `Europe/Berlin`);
 * an alias (`Europe/Kyiv`) stays as written.
 */
export function canonicalTimeZone(name: string): string {
  const resolved = new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
  return resolved.toLowerCase() === name.toLowerCase() ? resolved : name;
}

export const TimeZoneSchema = z
  .string()
  .max(64)
  .refine(isTimeZone, { message: 'unknown time zone: expected an IANA name such as Europe/Berlin' });

/**
 * A group's working hours, in its time zone (null: the installation's ATTENDANCE_TIMEZONE): ISO weekdays (1 = Monday … 7 = Sunday),
 * start and end (`HH:MM`; an end at or before the start is on the next day, a night shift) and the
 * minutes of grace before a person counts as late or as having left early.
 */
export const ScheduleSchema = z.strictObject({
  work_days: z
    .array(z.number().int().min(1).max(7))
    .min(1)
    .max(7)
    .describe('ISO weekdays worked: 1 Monday … 7 Sunday'),
  start: HH_MM.describe('Start of the shift (HH:MM, local)'),
  end: HH_MM.describe('End of the shift (HH:MM); at or before the start: the next day'),
  grace_minutes: z
    .number()
    .int()
    .min(0)
    .max(720)
    .default(0)
    .describe('Minutes after the start (before the end) before a person is late (left early)'),
  time_zone: TimeZoneSchema.nullable()
    .default(null)
    .describe(
      "IANA time zone of the schedule's times, days and holidays (e.g. America/New_York); null or absent: the installation's zone (ATTENDANCE_TIMEZONE), following it if it changes",
    ),
});
export type Schedule = z.infer<typeof ScheduleSchema>;

/** `POST /v1/groups`, `PUT /v1/groups/:id`: a department or a class; no schedule = presence only. */
export const GroupInputSchema = z.strictObject({
  name: z.string().trim().min(1).max(200).describe('Group name (1–200 characters)'),
  schedule: ScheduleSchema.nullable().default(null).describe('Working schedule; null: presence only'),
});
export type GroupInput = z.infer<typeof GroupInputSchema>;

export const GroupSchema = z.object({
  id: z.string(),
  name: z.string(),
  schedule: ScheduleSchema.nullable(),
  member_ids: z.array(z.string()),
});
export type Group = z.infer<typeof GroupSchema>;

export const GroupListSchema = z.object({
  items: z.array(GroupSchema),
  /** The installation's zone: the zone of schedules whose `time_zone` is null, and of people with no schedule. */
  time_zone: z.string(),
});

export const GroupMemberParamsSchema = z.strictObject({
  id: z.uuid().describe('The group'),
  personId: z.uuid().describe('The person'),
});

/** `PUT /v1/holidays/:day`: a day nobody is expected (YYYY-MM-DD, a local date in each person's schedule zone). */
export const HolidayInputSchema = z.strictObject({
  name: z.string().trim().min(1).max(200).describe('What the holiday is'),
});
export const HolidaySchema = z.object({ day: z.string(), name: z.string() });
export type Holiday = z.infer<typeof HolidaySchema>;
export const HolidayListSchema = z.object({ items: z.array(HolidaySchema) });
export const HolidayParamsSchema = z.strictObject({ day: DaySchema.describe('The day (YYYY-MM-DD)') });
export const HolidayQuerySchema = z.strictObject({
  from: DaySchema.optional().describe('First day (YYYY-MM-DD)'),
  to: DaySchema.optional().describe('Last day (YYYY-MM-DD)'),
});

/** `POST /v1/people/:id/leave`: inclusive local days a person is on leave. */
export const LeaveInputSchema = z
  .strictObject({
    from: DaySchema.describe('First day of leave (YYYY-MM-DD)'),
    to: DaySchema.describe('Last day of leave (YYYY-MM-DD)'),
    reason: z.string().trim().max(500).default('').describe('Why (up to 500 characters)'),
  })
  .refine((leave) => leave.from <= leave.to, { message: 'from must not be after to', path: ['to'] });
export type LeaveInput = z.infer<typeof LeaveInputSchema>;
export const LeaveSchema = z.object({
  id: z.string(),
  person_id: z.string(),
  from: z.string(),
  to: z.string(),
  reason: z.string(),
});
export type Leave = z.infer<typeof LeaveSchema>;
export const LeaveListSchema = z.object({ items: z.array(LeaveSchema) });
export const LeaveParamsSchema = z.strictObject({
  id: z.uuid().describe('The person'),
  leaveId: z.uuid().describe('One of their leave entries'),
});
