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

const byTime = (a: DayEvent, b: DayEvent) => a.at.getTime() - b.at.getTime();

function sortedByTime(events: readonly DayEvent[]): readonly DayEvent[] {
  for (let i = 1; i < events.length; i++) {
    if (byTime(events[i - 1] as DayEvent, events[i] as DayEvent) > 0) return [...events].sort(byTime);
  }
  return events;
}

/** The day's times from its events in time order, in one pass (reports summarise ~300,000 days). */
function timesOf(events: readonly DayEvent[]): {
  firstIn: Date | null;
  lastOut: Date | null;
  presentSeconds: number;
  open: boolean;
} {
  let firstIn: DayEvent | undefined;
  let lastOut: DayEvent | undefined;
  let onlyBoth = true;
  let openedAt: number | null = null;
  let total = 0;
  for (const event of events) {
    const at = event.at.getTime();
    if (event.direction === 'out') {
      onlyBoth = false;
      lastOut = event;
      if (openedAt !== null) total += at - openedAt;
      openedAt = null;
    } else {
      firstIn ??= event;
      if (event.direction === 'both') lastOut = event;
      else onlyBoth = false;
      openedAt ??= at;
    }
  }
  const lastOutAt = lastOut && lastOut !== firstIn ? lastOut.at : null;
  if (onlyBoth) {
    // Only `both` cameras: first to last sighting.
    const first = events[0];
    const last = events.at(-1);
    const seconds = first && last ? (last.at.getTime() - first.at.getTime()) / 1000 : 0;
    return { firstIn: firstIn?.at ?? null, lastOut: lastOutAt, presentSeconds: seconds, open: false };
  }
  // In/out cameras: the sum of intervals from an `in` to the next `out`; a `both` sighting while outside
  // counts as being back in (it saw the person inside).
  return {
    firstIn: firstIn?.at ?? null,
    lastOut: lastOutAt,
    presentSeconds: total / 1000,
    open: openedAt !== null,
  };
}

/** Computes a person's working day from its events and the rules that apply to it. */
export function summarizeDay(input: DayInput, boundary: DayBoundary): DaySummary {
  const events = sortedByTime(input.events);
  const { firstIn, lastOut, presentSeconds, open } = timesOf(events);
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
  return {
    day: input.day,
    firstIn,
    lastOut,
    presentSeconds,
    open,
    status: statusOf({ events: events.length, late, leftEarly }, input, shift, graceMs),
    late,
    leftEarly,
    events: events.length,
  };
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
