import { z } from 'zod';
import { EVENT_DIRECTIONS } from './camera-role.js';
import { PersonRefSchema } from './people.js';
import { PageQuerySchema } from './page.js';

/**
 * Working days, today's board, period reports and monthly timesheets. Days are local days of the
 * server's `ATTENDANCE_TIMEZONE` (shifted by `ATTENDANCE_DAY_START`); instants are ISO 8601 in UTC, and
 * every response names its time zone so a client can show local times.
 */

const DaySchema = z.iso.date();
const MonthSchema = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'expected YYYY-MM');

/**
 * A person's day, judged by their group's schedule:
 * `present` (seen, on time or no schedule), `late`, `left_early`, `absent` (a scheduled work day, not
 * seen, start + grace passed), `expected` (not seen yet, start + grace still ahead), `leave`, `holiday`,
 * `off` (not a work day or no schedule, and not seen).
 */
export const DAY_STATUSES = [
  'present',
  'late',
  'left_early',
  'absent',
  'expected',
  'leave',
  'holiday',
  'off',
] as const;
export type DayStatus = (typeof DAY_STATUSES)[number];

/** Where an event comes from: a camera's sighting, or added by hand as a correction. */
export const EVENT_SOURCES = ['camera', 'manual'] as const;
export type EventSource = (typeof EVENT_SOURCES)[number];

/** One event of a person's day, as counted (voided events are left out). */
export const DayEventSchema = z.object({
  id: z.string(),
  /** Capture time, ISO 8601 UTC. */
  recorded_at: z.string(),
  direction: z.enum(EVENT_DIRECTIONS),
  /** Null for an event added by hand. */
  camera_id: z.string().nullable(),
  source: z.enum(EVENT_SOURCES),
});
export type DayEvent = z.infer<typeof DayEventSchema>;

export const PersonDaySchema = z.object({
  person: PersonRefSchema,
  /** Local working day, YYYY-MM-DD, in `time_zone`. */
  date: z.string(),
  /** IANA zone of this person's day: their schedule's zone, or the installation's. */
  time_zone: z.string(),
  /** First event that is not an `out` (ISO 8601 UTC), null when not seen. */
  first_in: z.string().nullable(),
  /** Last event that is not an `in`, null when none (or when the day has a single sighting). */
  last_out: z.string().nullable(),
  /** Sum of in→out intervals (first→last sighting where every camera is `both`), seconds. */
  present_seconds: z.number(),
  /** True while the person is inside: an `in` with no `out` after it. */
  inside: z.boolean(),
  status: z.enum(DAY_STATUSES),
  /** Both flags can hold on one day; `status` shows `late` then. */
  late: z.boolean(),
  left_early: z.boolean(),
  events: z.array(DayEventSchema),
});
export type PersonDay = z.infer<typeof PersonDaySchema>;

const PageFields = { limit: PageQuerySchema.shape.limit, offset: PageQuerySchema.shape.offset };

const fromNotAfterTo = (q: { from?: string | undefined; to?: string | undefined }) =>
  q.from === undefined || q.to === undefined || q.from <= q.to;
const FROM_AFTER_TO = { message: 'from must not be after to', path: ['to'] };
const DAY_MS = 86_400_000;
/** Longest range of the day routes, in days: a year, leap day included. */
export const MAX_RANGE_DAYS = 366;
const withinRange = (q: { from?: string | undefined; to?: string | undefined }) =>
  q.from === undefined ||
  q.to === undefined ||
  (Date.parse(q.to) - Date.parse(q.from)) / DAY_MS < MAX_RANGE_DAYS;
const RANGE_TOO_LONG = { message: `at most ${String(MAX_RANGE_DAYS)} days`, path: ['to'] };

/** Export formats of the days, report and timesheet export routes (`?format=csv|xlsx`). */
export const EXPORT_FORMATS = ['csv', 'xlsx'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
const ExportFormatField = { format: z.enum(EXPORT_FORMATS).describe('File format: csv or xlsx') };

const DaysFilterFields = {
  from: DaySchema.optional().describe('First working day (YYYY-MM-DD); default today'),
  to: DaySchema.optional().describe(
    'Last working day (YYYY-MM-DD), at most 366 days after from; default from',
  ),
  group_id: z.uuid().optional().describe("Only this group's members"),
  person_id: z.uuid().optional().describe('Only this person'),
  seen: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional()
    .describe('true: only days the person was seen (no absent, off, leave or holiday rows)'),
};

/**
 * `GET /v1/attendance/days`: one row per person and day, names then days ascending. Without `from`/`to`,
 * today. The range is at most 366 days.
 */
export const AttendanceDaysQuerySchema = z
  .strictObject({ ...PageFields, ...DaysFilterFields })
  .refine(fromNotAfterTo, FROM_AFTER_TO)
  .refine(withinRange, RANGE_TOO_LONG);
export type AttendanceDaysQuery = z.infer<typeof AttendanceDaysQuerySchema>;

/** `GET /v1/attendance/days/export`: the same rows, all of them, as a file. */
export const AttendanceDaysExportQuerySchema = z
  .strictObject({ ...DaysFilterFields, ...ExportFormatField })
  .refine(fromNotAfterTo, FROM_AFTER_TO)
  .refine(withinRange, RANGE_TOO_LONG);
export type AttendanceDaysExportQuery = z.infer<typeof AttendanceDaysExportQuerySchema>;

export const AttendanceDaysSchema = z.object({
  items: z.array(PersonDaySchema),
  total: z.number().int(),
  limit: z.number().int(),
  offset: z.number().int(),
  /**
   * IANA zone of the days, e.g. `Europe/Berlin`: the group's schedule zone with `group_id`, else the
   * installation's. Each row names its own zone (`items[].time_zone`), which differs for people whose
   * schedule is in another zone.
   */
  time_zone: z.string(),
});
export type AttendanceDays = z.infer<typeof AttendanceDaysSchema>;

/**
 * A person's place on today's board: `present` (arrived on time, or no schedule), `late` (arrived after
 * start + grace), `not_yet_in` (expected, start + grace still ahead), `absent`, `on_leave` (leave or a
 * holiday), `off` (not expected today and not seen).
 */
export const BOARD_STATES = ['present', 'late', 'not_yet_in', 'absent', 'on_leave', 'off'] as const;
export type BoardState = (typeof BOARD_STATES)[number];

export const BoardQuerySchema = z.strictObject({
  group_id: z.uuid().optional().describe("Only this group's members; default everyone"),
});
export type BoardQuery = z.infer<typeof BoardQuerySchema>;

export const BoardEntrySchema = z.object({
  person: PersonRefSchema,
  /**
   * The person's today (YYYY-MM-DD) in their zone, when it is not the board's `date`: a Tokyo schedule's
   * today differs from a Berlin one's. Absent: the board's `date`.
   */
  date: z.string().optional(),
  /**
   * IANA zone of this person's day (their schedule's), when it is not the board's `time_zone`. Absent: the
   * board's (a board of 10,000 people in one zone does not repeat it 10,000 times).
   */
  time_zone: z.string().optional(),
  state: z.enum(BOARD_STATES),
  first_in: z.string().nullable(),
  last_out: z.string().nullable(),
  /** Inside now: the last event is an `in` (or `both`) with no `out` after it. */
  inside: z.boolean(),
  present_seconds: z.number(),
});
export type BoardEntry = z.infer<typeof BoardEntrySchema>;

/**
 * `GET /v1/attendance/board`: every active person (of the group), with counts per state. `date` and
 * `time_zone` are today in the group's schedule zone with `group_id`, else in the installation's; each
 * person is on their own today, named in their entry where it differs (`people[].date`,
 * `people[].time_zone`).
 */
export const BoardSchema = z.object({
  date: z.string(),
  time_zone: z.string(),
  /** When the board was computed (ISO 8601 UTC). */
  generated_at: z.string(),
  counts: z.object({
    present: z.number().int(),
    late: z.number().int(),
    not_yet_in: z.number().int(),
    absent: z.number().int(),
    on_leave: z.number().int(),
    off: z.number().int(),
  }),
  people: z.array(BoardEntrySchema),
});
export type Board = z.infer<typeof BoardSchema>;

const ReportFilterFields = {
  from: DaySchema.describe('First working day of the period (YYYY-MM-DD)'),
  to: DaySchema.describe('Last working day of the period (YYYY-MM-DD), at most 366 days after from'),
  group_id: z.uuid().optional().describe("Only this group's members; default everyone"),
};

/** `GET /v1/attendance/report`: a period (at most 366 days) for a group, or for everyone; names ascending. */
export const AttendanceReportQuerySchema = z
  .strictObject({
    ...ReportFilterFields,
    /** Up to 10,000 people per page: a whole organisation in one request. */
    limit: z.coerce
      .number()
      .int()
      .min(1)
      .max(10_000)
      .default(100)
      .describe('How many people to return (1–10,000)'),
    offset: PageQuerySchema.shape.offset,
  })
  .refine(fromNotAfterTo, FROM_AFTER_TO)
  .refine(withinRange, RANGE_TOO_LONG);
export type AttendanceReportQuery = z.infer<typeof AttendanceReportQuerySchema>;

/** `GET /v1/attendance/report/export`: every row of the report as a file. */
export const AttendanceReportExportQuerySchema = z
  .strictObject({ ...ReportFilterFields, ...ExportFormatField })
  .refine(fromNotAfterTo, FROM_AFTER_TO)
  .refine(withinRange, RANGE_TOO_LONG);
export type AttendanceReportExportQuery = z.infer<typeof AttendanceReportExportQuerySchema>;

/** Totals of a person's days over a period. */
export const PeriodTotalsSchema = z.object({
  /** Days the person was seen (including late, left early, and seen on leave or a holiday). */
  days_present: z.number().int(),
  late_count: z.number().int(),
  left_early_count: z.number().int(),
  absent_days: z.number().int(),
  leave_days: z.number().int(),
  holiday_days: z.number().int(),
  present_seconds: z.number(),
});
export type PeriodTotals = z.infer<typeof PeriodTotalsSchema>;

export const ReportRowSchema = PeriodTotalsSchema.extend({
  person: PersonRefSchema,
  /** IANA zone the person's days are counted in: their schedule's zone, or the installation's. */
  time_zone: z.string(),
});
export type ReportRow = z.infer<typeof ReportRowSchema>;

export const AttendanceReportSchema = z.object({
  from: z.string(),
  to: z.string(),
  group_id: z.string().nullable(),
  /** The group's schedule zone with `group_id`, else the installation's; each row names its own. */
  time_zone: z.string(),
  items: z.array(ReportRowSchema),
  total: z.number().int(),
  limit: z.number().int(),
  offset: z.number().int(),
});
export type AttendanceReport = z.infer<typeof AttendanceReportSchema>;

/** `GET /v1/attendance/timesheet`: one person's month. */
export const TimesheetQuerySchema = z.strictObject({
  person_id: z.uuid().describe('The person'),
  month: MonthSchema.describe('The month (YYYY-MM)'),
});
export type TimesheetQuery = z.infer<typeof TimesheetQuerySchema>;

/** `GET /v1/attendance/timesheet/export`. */
export const TimesheetExportQuerySchema = TimesheetQuerySchema.extend(ExportFormatField);
export type TimesheetExportQuery = z.infer<typeof TimesheetExportQuerySchema>;

export const TimesheetSchema = z.object({
  person: PersonRefSchema,
  /** YYYY-MM. */
  month: z.string(),
  /** The zone of the person's days: their schedule's zone, or the installation's. */
  time_zone: z.string(),
  /** Every day of the month, in order. */
  days: z.array(PersonDaySchema),
  totals: PeriodTotalsSchema,
});
export type Timesheet = z.infer<typeof TimesheetSchema>;
