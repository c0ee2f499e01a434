import { z } from 'zod';
import { EVENT_DIRECTIONS } from './camera-role.js';
import { CameraIdSchema } from './recognition.js';
import { pageOf, PageQuerySchema } from './page.js';
import { PersonRefSchema } from './people.js';
import { EVENT_SOURCES } from './attendance-days.js';

const DaySchema = z.iso.date();

export const AttendanceQuerySchema = PageQuerySchema.extend({
  /** Inclusive local day range (YYYY-MM-DD, in the server's ATTENDANCE_TIMEZONE). */
  from: DaySchema.optional().describe('First day (YYYY-MM-DD, attendance time zone)'),
  to: DaySchema.optional().describe('Last day (YYYY-MM-DD)'),
  person_id: z.uuid().optional().describe('Only this person'),
  camera_id: CameraIdSchema.optional().describe('Only this camera'),
});
export type AttendanceQuery = z.infer<typeof AttendanceQuerySchema>;

export const AttendanceEventSchema = z.object({
  id: z.string(),
  person: PersonRefSchema,
  /** Null for an event added by hand (`source: manual`). */
  camera_id: z.string().nullable(),
  model: z.string().nullable(),
  similarity: z.number().nullable(),
  source: z.enum(EVENT_SOURCES),
  recorded_at: z.string(),
  local_day: z.string(),
  /** From the camera's role when the event was recorded: `in` (entry), `out` (exit) or `both`. */
  direction: z.enum(EVENT_DIRECTIONS),
});
export type AttendanceEvent = z.infer<typeof AttendanceEventSchema>;

export const AttendanceListSchema = pageOf(AttendanceEventSchema);
