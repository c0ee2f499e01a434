import { DateTime } from 'luxon';

/**
 * Where working days lie in time. A working day `D` runs from `dayStart` (local time, minutes after
 * midnight) on D to `dayStart` on D + 1 in the installation's time zone; with a 04:00 start a night
 * shift's 02:00 departure belongs to the evening's day. All arithmetic is on wall-clock dates through
 * Luxon, so days that are 23 or 25 hours long (daylight-saving changes) come out right.
 */
export interface DayBoundary {
  /** IANA zone, e.g. `Europe/Berlin`. */
  timeZone: string;
  /** Minutes after local midnight at which a working day begins (0 = midnight). */
  dayStartMinutes: number;
}

/** `HH:MM` → minutes after midnight. */
export function minutesOf(hhmm: string): number {
  const [hours = 0, minutes = 0] = hhmm.split(':').map(Number);
  return hours * 60 + minutes;
}

/**
 * The instant of local wall-clock time `minutes` after midnight of `day` (YYYY-MM-DD), `addDays` later.
 * A time skipped by a spring-forward change moves forward by the gap (02:30 → 03:30); a time that
 * occurs twice in autumn is taken at its later occurrence.
 */
export function localInstant(day: string, minutes: number, zone: string, addDays = 0): Date {
  return DateTime.fromISO(day, { zone })
    .plus({ days: addDays })
    .set({ hour: Math.floor(minutes / 60), minute: minutes % 60, second: 0, millisecond: 0 })
    .toJSDate();
}

/** The working day (YYYY-MM-DD) an instant belongs to. */
export function workDayOf(at: Date, boundary: DayBoundary): string {
  const local = DateTime.fromJSDate(at, { zone: boundary.timeZone });
  const minutes = local.hour * 60 + local.minute;
  const day = minutes < boundary.dayStartMinutes ? local.minus({ days: 1 }) : local;
  return day.toISODate() ?? '';
}

/** `[start, end)` of working day `day`. */
export function dayWindow(day: string, boundary: DayBoundary): { start: Date; end: Date } {
  return {
    start: localInstant(day, boundary.dayStartMinutes, boundary.timeZone),
    end: localInstant(day, boundary.dayStartMinutes, boundary.timeZone, 1),
  };
}

/**
 * Places instants on consecutive working days `days` (ascending): the index in `days` of the day whose
 * window (see {@link dayWindow}) holds the instant, or -1 outside them all. The windows are computed
 * once, so a report placing hundreds of thousands of events does no time-zone arithmetic per event.
 */
export function dayPlacer(days: readonly string[], boundary: DayBoundary): (at: number) => number {
  const starts = days.map((day) => dayWindow(day, boundary).start.getTime());
  const last = days.at(-1);
  const end = last === undefined ? -Infinity : dayWindow(last, boundary).end.getTime();
  return (at) => {
    if (!(at >= (starts[0] ?? Infinity) && at < end)) return -1;
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if ((starts[middle] ?? Infinity) <= at) low = middle;
      else high = middle - 1;
    }
    return low;
  };
}

const weekdays = new Map<string, number>();

/** ISO weekday of a day: 1 = Monday … 7 = Sunday. (Remembered: reports ask once per person-day.) */
export function weekdayOf(day: string): number {
  let weekday = weekdays.get(day);
  if (weekday === undefined) {
    weekday = new Date(`${day}T00:00:00Z`).getUTCDay() || 7;
    if (weekdays.size >= 10_000) weekdays.clear();
    weekdays.set(day, weekday);
  }
  return weekday;
}

/** Every day from `from` to `to`, inclusive (YYYY-MM-DD). */
export function daysBetween(from: string, to: string): string[] {
  const days: string[] = [];
  const last = DateTime.fromISO(to, { zone: 'UTC' }).toMillis();
  for (let d = DateTime.fromISO(from, { zone: 'UTC' }); d.toMillis() <= last; d = d.plus({ days: 1 })) {
    days.push(d.toISODate() ?? '');
  }
  return days;
}
