import { z } from 'zod';

/**
 * - `day`: every sighting that is not a repeat within SIGHTING_GAP_SECONDS of the person's previous event
 *   is an event; days, in/out and hours are computed from them (the default: a door sees people arrive,
 *   leave for lunch, come back and go home).
 * - `rolling`: the original's behaviour, one event per person per COOLDOWN_SECONDS (12 h by default).
 */
export const ATTENDANCE_MODES = ['day', 'rolling'] as const;
export type AttendanceMode = (typeof ATTENDANCE_MODES)[number];

const emptyAsUndefined = (value: unknown) => (value === '' ? undefined : value);
const HH_MM = /^([01]\d|2[0-3]):([0-5]\d)$/;
const ROLLING_DEFAULT_SECONDS = 43_200;

/** Environment variables of attendance recording and days; merged into the server's config schema. */
export const attendanceEnvShape = {
  /** Unset: `rolling` when COOLDOWN_SECONDS is set (an install that tuned the original's window keeps it), else `day`. */
  ATTENDANCE_MODE: z.preprocess(emptyAsUndefined, z.enum(ATTENDANCE_MODES).optional()),
  /** Rolling mode's window (seconds). */
  COOLDOWN_SECONDS: z.preprocess(
    emptyAsUndefined,
    z.coerce
      .number()
      .int()
      .min(0)
      .max(30 * 86_400)
      .optional(),
  ),
  /** Day mode: a sighting within this many seconds of the person's previous event is a repeat. */
  SIGHTING_GAP_SECONDS: z.coerce.number().int().min(0).max(86_400).default(300),
  /** Local time (HH:MM) at which a working day begins; e.g. 04:00 keeps a night shift's 02:00 exit on the evening's day. */
  ATTENDANCE_DAY_START: z.string().regex(HH_MM, 'expected HH:MM').default('00:00'),
};

type AttendanceEnv = z.infer<z.ZodObject<typeof attendanceEnvShape>>;

export interface AttendanceConfig {
  mode: AttendanceMode;
  /** A person's sighting within this window of their previous event is not recorded again (ms). */
  repeatWindowMs: number;
  /** Minutes after local midnight at which a working day begins. */
  dayStartMinutes: number;
}

export function toAttendanceConfig(env: AttendanceEnv): AttendanceConfig {
  const mode = env.ATTENDANCE_MODE ?? (env.COOLDOWN_SECONDS === undefined ? 'day' : 'rolling');
  const [hours = 0, minutes = 0] = env.ATTENDANCE_DAY_START.split(':').map(Number);
  return {
    mode,
    repeatWindowMs:
      mode === 'rolling'
        ? (env.COOLDOWN_SECONDS ?? ROLLING_DEFAULT_SECONDS) * 1000
        : env.SIGHTING_GAP_SECONDS * 1000,
    dayStartMinutes: hours * 60 + minutes,
  };
}
