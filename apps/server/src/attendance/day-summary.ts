import type { EventDirection } from '@attendance/protocol';
import { localInstant, minutesOf, weekdayOf, type DayBoundary } from './work-day.js';

/** One attendance event as the day computation sees it. */
export interface DayEvent {
  at: Date;
  direction: EventDirection;
}

/** A group's working hours: ISO weekdays (1 = Monday), local start/end (`HH:MM`), grace in minutes. */
export interface WorkSchedule {
  workDays: readonly number[];
  start: string;
  end: string;
  graceMinutes: number;
}

/**
 * - `present`: seen, on time (or no schedule to judge by);
 * - `late` / `left_early`: seen, first in after start + grace / last out before end − grace (`late` wins
 *   when both hold; the flags tell both);
 * - `absent`: a scheduled work day, not seen, start + grace has passed;
 * - `expected`: a scheduled work day, not seen yet, start + grace still ahead;
 * - `leave` / `holiday`: not expected (if seen anyway, the day still shows the times);
 * - `off`: not a work day (or no schedule) and not seen.
 */
export type DayStatus =
  'present' | 'late' | 'left_early' | 'absent' | 'expected' | 'leave' | 'holiday' | 'off';

export interface DaySummary {
  day: string;
  firstIn: Date | null;
  lastOut: Date | null;
  /** Sum of in→out intervals (or first→last sighting when every camera is `both`), in seconds. */
  presentSeconds: number;
  /** True when the last event leaves the person inside (an `in` with no `out` after it). */
  open: boolean;
  status: DayStatus;
  late: boolean;
  leftEarly: boolean;
  events: number;
}

export interface DayInput {
  day: string;
  /** The day's events, any order. */
  events: readonly DayEvent[];
  schedule?: WorkSchedule | undefined;
  holiday?: boolean;
  leave?: boolean;
  /** The present moment: a day still running is not called absent or left early before its time. */
  now: Date;
}

/** Scheduled start and end instants of a day; an end at or before the start is on the next day. */
export function scheduledShift(
  day: string,
  schedule: WorkSchedule,
  boundary: DayBoundary,
): { start: Date; end: Date } {
  const key = `${day}|${schedule.start}|${schedule.end}|${boundary.timeZone}|${String(boundary.dayStartMinutes)}`;
  let shift = shiftMemo.get(key);
  if (!shift) {
    shift = computeShift(day, schedule, boundary);
    // Reports ask for the same few shifts once per person-day; Luxon's zone arithmetic is the slow part.
    if (shiftMemo.size >= SHIFT_MEMO_LIMIT) shiftMemo.clear();
    shiftMemo.set(key, shift);
  }
  return shift;
}

const SHIFT_MEMO_LIMIT = 10_000;
const shiftMemo = new Map<string, { start: Date; end: Date }>();

function computeShift(
  day: string,
  schedule: WorkSchedule,
  boundary: DayBoundary,
): { start: Date; end: Date } {
  const startMinutes = minutesOf(schedule.start);
  const endMinutes = minutesOf(schedule.end);
  // A start before the day boundary (a 02:00 start with a 04:00 boundary) is on the next calendar date.
  const startOffset = startMinutes < boundary.dayStartMinutes ? 1 : 0;
  const endOffset = startOffset + (endMinutes <= startMinutes ? 1 : 0);
  return {
    start: localInstant(day, startMinutes, boundary.timeZone, startOffset),
    end: localInstant(day, endMinutes, boundary.timeZone, endOffset),
  };
}

/**
 * Time present. With in/out cameras: the sum of intervals from an `in` to the next `out`; a `both`
 * sighting while outside counts as being back in (it saw the person inside). With only `both` cameras:
 * first to last sighting.
 */
function presence(events: readonly DayEvent[]): { seconds: number; open: boolean } {
  if (events.every((e) => e.direction === 'both')) {
    const first = events[0];
    const last = events.at(-1);
    return { seconds: first && last ? (last.at.getTime() - first.at.getTime()) / 1000 : 0, open: false };
  }
  let openedAt: number | null = null;
  let total = 0;
  for (const event of events) {
    if (event.direction === 'out') {
      if (openedAt !== null) total += event.at.getTime() - openedAt;
      openedAt = null;
    } else {
      openedAt ??= event.at.getTime();
    }
  }
  return { seconds: total / 1000, open: openedAt !== null };
}

/** Computes a person's working day from its events and the rules that apply to it. */
export function summarizeDay(input: DayInput, boundary: DayBoundary): DaySummary {
  const events = [...input.events].sort((a, b) => a.at.getTime() - b.at.getTime());
  const firstIn = events.find((e) => e.direction !== 'out')?.at ?? null;
  const lastOutEvent = events.findLast((e) => e.direction !== 'in');
  const lastOut = lastOutEvent && lastOutEvent.at !== firstIn ? lastOutEvent.at : null;
  const { seconds, open } = presence(events);
  const shift =
    input.schedule?.workDays.includes(weekdayOf(input.day)) === true
      ? scheduledShift(input.day, input.schedule, boundary)
      : undefined;
  const graceMs = (input.schedule?.graceMinutes ?? 0) * 60_000;
  const excused = input.holiday === true || input.leave === true;
  const late =
    shift !== undefined &&
    !excused &&
    firstIn !== null &&
    firstIn.getTime() > shift.start.getTime() + graceMs;
  const leftEarly =
    shift !== undefined &&
    !excused &&
    !open &&
    lastOut !== null &&
    input.now.getTime() >= shift.end.getTime() &&
    lastOut.getTime() < shift.end.getTime() - graceMs;
  const summary = {
    day: input.day,
    firstIn,
    lastOut,
    presentSeconds: seconds,
    open,
    late,
    leftEarly,
    events: events.length,
  };
  return { ...summary, status: statusOf(summary, input, shift, graceMs) };
}

function statusOf(
  summary: Pick<DaySummary, 'events' | 'late' | 'leftEarly'>,
  input: DayInput,
  shift: { start: Date } | undefined,
  graceMs: number,
): DayStatus {
  if (input.holiday === true) return 'holiday';
  if (input.leave === true) return 'leave';
  if (summary.events > 0) {
    if (summary.late) return 'late';
    return summary.leftEarly ? 'left_early' : 'present';
  }
  if (!shift) return 'off';
  return input.now.getTime() > shift.start.getTime() + graceMs ? 'absent' : 'expected';
}
