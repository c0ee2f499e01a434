import type { BoardState, PeriodTotals } from '@attendance/protocol';
import { summarizeDay, type DayEvent, type DaySummary, type WorkSchedule } from './day-summary.js';
import type { DayBoundary } from './work-day.js';

/** Who is expected when: holidays for everyone, leave per person (inclusive local days). */
export interface AttendanceCalendar {
  holidays: ReadonlySet<string>;
  leave: ReadonlyMap<string, readonly { from: string; to: string }[]>;
}

/** A person as days are judged: their schedule, if any of their groups has one. */
export interface ScheduledPerson {
  id: string;
  schedule?: WorkSchedule | undefined;
}

/** A person's events of a period, by working day (YYYY-MM-DD). */
export type EventsByDay<E extends DayEvent> = ReadonlyMap<string, readonly E[]>;

const onLeave = (calendar: AttendanceCalendar, personId: string, day: string): boolean =>
  calendar.leave.get(personId)?.some((range) => range.from <= day && day <= range.to) ?? false;

/** A person's summaries, one per day of `days`, in order. */
export function summarizePersonDays<E extends DayEvent>(
  person: ScheduledPerson,
  input: {
    days: readonly string[];
    events: EventsByDay<E> | undefined;
    calendar: AttendanceCalendar;
    now: Date;
  },
  boundary: DayBoundary,
): DaySummary[] {
  return input.days.map((day) =>
    summarizeDay(
      {
        day,
        events: input.events?.get(day) ?? [],
        schedule: person.schedule,
        holiday: input.calendar.holidays.has(day),
        leave: onLeave(input.calendar, person.id, day),
        now: input.now,
      },
      boundary,
    ),
  );
}

/** Totals of a period's summaries, as the report and the timesheet show them. */
export function periodTotals(days: readonly DaySummary[]): PeriodTotals {
  const totals: PeriodTotals = {
    days_present: 0,
    late_count: 0,
    left_early_count: 0,
    absent_days: 0,
    leave_days: 0,
    holiday_days: 0,
    present_seconds: 0,
  };
  for (const day of days) {
    if (day.events > 0) totals.days_present++;
    if (day.late) totals.late_count++;
    if (day.leftEarly) totals.left_early_count++;
    if (day.status === 'absent') totals.absent_days++;
    if (day.status === 'leave') totals.leave_days++;
    if (day.status === 'holiday') totals.holiday_days++;
    totals.present_seconds += day.presentSeconds;
  }
  return totals;
}

/** A day's place on today's board. */
export function boardState(day: DaySummary): BoardState {
  switch (day.status) {
    case 'present':
    case 'left_early':
      return 'present';
    case 'late':
      return 'late';
    case 'expected':
      return 'not_yet_in';
    case 'absent':
      return 'absent';
    case 'leave':
    case 'holiday':
      return 'on_leave';
    case 'off':
      return 'off';
  }
}

/**
 * A person's events (any order) by the working day of `days` they belong to (`place` from
 * `dayPlacer`); events outside the days are left out.
 */
export function eventsByDay<E extends DayEvent>(
  events: readonly E[],
  days: readonly string[],
  place: (at: number) => number,
): Map<string, E[]> {
  const byDay = new Map<string, E[]>();
  for (const event of events) {
    const day = days[place(event.at.getTime())];
    if (day === undefined) continue;
    const list = byDay.get(day);
    if (list) list.push(event);
    else byDay.set(day, [event]);
  }
  return byDay;
}
