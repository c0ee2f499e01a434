import { describe, expect, it } from 'vitest';
import {
  scheduledShift,
  summarizeDay,
  type DayEvent,
  type DayInput,
  type WorkSchedule,
} from './day-summary.js';
import { dayPlacer, dayWindow, daysBetween, workDayOf, type DayBoundary } from './work-day.js';

const BERLIN: DayBoundary = { timeZone: 'Europe/Berlin', dayStartMinutes: 0 };
const OFFICE: WorkSchedule = { workDays: [1, 2, 3, 4, 5], start: '09:00', end: '17:00', graceMinutes: 10 };
const LATER = new Date('2027-01-01T00:00:00Z');

const at = (iso: string, direction: DayEvent['direction']): DayEvent => ({ at: new Date(iso), direction });

describe(workDayOf.name, () => {
  it('places instants on local days, across midnight and with a later day boundary', () => {
    // 23:30 UTC on 5 March is 00:30 on 6 March in Berlin (UTC+1).
    expect(workDayOf(new Date('2026-03-05T23:30:00Z'), BERLIN)).toBe('2026-03-06');
    const nights = { timeZone: 'Europe/Berlin', dayStartMinutes: 4 * 60 };
    expect(workDayOf(new Date('2026-03-06T01:30:00Z'), nights)).toBe('2026-03-05'); // 02:30 local
    expect(workDayOf(new Date('2026-03-06T03:30:00Z'), nights)).toBe('2026-03-06'); // 04:30 local
  });

  it('gives the spring-forward day 23 hours and the autumn day 25 (Europe/Berlin)', () => {
    const spring = dayWindow('2026-03-29', BERLIN);
    expect((spring.end.getTime() - spring.start.getTime()) / 3_600_000).toBe(23);
    const autumn = dayWindow('2026-10-25', BERLIN);
    expect((autumn.end.getTime() - autumn.start.getTime()) / 3_600_000).toBe(25);
    expect(autumn.start.toISOString()).toBe('2026-10-24T22:00:00.000Z');
  });
});

/** A Wednesday at the office with these events, summarised long after it ended; `input` changes the rest. */
const officeDay = (events: DayEvent[], input: Partial<DayInput> = {}) =>
  summarizeDay({ day: '2026-03-04', events, schedule: OFFICE, now: LATER, ...input }, BERLIN);

describe(summarizeDay.name, () => {
  it('sums in→out intervals, leaving out the lunch break', () => {
    const day = officeDay([
      at('2026-03-04T12:00:00Z', 'out'),
      at('2026-03-04T07:55:00Z', 'in'),
      at('2026-03-04T12:30:00Z', 'in'),
      at('2026-03-04T16:05:00Z', 'out'),
    ]);
    expect(day).toMatchObject({ status: 'present', late: false, leftEarly: false, open: false, events: 4 });
    expect(day.firstIn?.toISOString()).toBe('2026-03-04T07:55:00.000Z');
    expect(day.lastOut?.toISOString()).toBe('2026-03-04T16:05:00.000Z');
    expect(day.presentSeconds).toBe((4 * 60 + 5 + 3 * 60 + 35) * 60);
  });

  it('measures first→last sighting where cameras see both ways, and nothing for one sighting', () => {
    const both = officeDay([at('2026-03-04T08:00:00Z', 'both'), at('2026-03-04T16:30:00Z', 'both')], {
      schedule: undefined,
    });
    expect(both).toMatchObject({ presentSeconds: 8.5 * 3600, status: 'present' });
    const once = officeDay([at('2026-03-04T08:00:00Z', 'both')], { schedule: undefined });
    expect(once).toMatchObject({ presentSeconds: 0, lastOut: null, status: 'present' });
  });

  // Local time in Berlin is UTC+1: the office day starts at 08:00Z, late after 08:10Z, ends at 16:00Z.
  it.each([
    ['late after 09:10', '08:11', '16:00', { status: 'late', late: true, leftEarly: false }],
    ['in time at 09:10 exactly', '08:10', '15:50', { status: 'present', late: false, leftEarly: false }],
    ['left early before 16:50', '07:50', '15:00', { status: 'left_early', leftEarly: true }],
  ] as const)('judges by the schedule with its grace, in local time: %s', (_case, inAt, outAt, expected) => {
    const day = officeDay([at(`2026-03-04T${inAt}:00Z`, 'in'), at(`2026-03-04T${outAt}:00Z`, 'out')]);
    expect(day).toMatchObject(expected);
  });

  it('does not call a running day left early before its end, nor absent before start + grace', () => {
    const events = [at('2026-03-04T07:50:00Z', 'in'), at('2026-03-04T11:00:00Z', 'out')];
    const noon = new Date('2026-03-04T11:30:00Z');
    expect(officeDay(events, { now: noon }).status).toBe('present');
    expect(officeDay([], { now: new Date('2026-03-04T08:05:00Z') }).status).toBe('expected');
    expect(officeDay([], { now: noon }).status).toBe('absent');
  });

  it('holiday, leave, weekends and people without a schedule are never absent', () => {
    expect(officeDay([], { holiday: true }).status).toBe('holiday');
    expect(officeDay([], { leave: true }).status).toBe('leave');
    expect(officeDay([], { day: '2026-03-07' }).status).toBe('off'); // Saturday
    expect(officeDay([], { schedule: undefined }).status).toBe('off');
    const lateOnHoliday = officeDay([at('2026-03-04T10:00:00Z', 'in')], { holiday: true });
    expect(lateOnHoliday).toMatchObject({ status: 'holiday', late: false, events: 1 });
  });

  it('counts a night shift across the spring-forward night as 7 hours, and the autumn one as 9', () => {
    const nights: DayBoundary = { timeZone: 'Europe/Berlin', dayStartMinutes: 12 * 60 };
    const shift: WorkSchedule = {
      workDays: [1, 2, 3, 4, 5, 6, 7],
      start: '22:00',
      end: '06:00',
      graceMinutes: 0,
    };
    const nightShift = (day: string, events: DayEvent[]) =>
      summarizeDay({ day, events, schedule: shift, now: LATER }, nights);
    // Saturday 28 March 22:00 CET (21:00Z) → Sunday 29 March 06:00 CEST (04:00Z).
    expect(scheduledShift('2026-03-28', shift, nights)).toEqual({
      start: new Date('2026-03-28T21:00:00Z'),
      end: new Date('2026-03-29T04:00:00Z'),
    });
    const spring = [at('2026-03-28T21:00:00Z', 'in'), at('2026-03-29T04:00:00Z', 'out')];
    expect(workDayOf(spring[1]!.at, nights)).toBe('2026-03-28');
    expect(nightShift('2026-03-28', spring)).toMatchObject({ presentSeconds: 7 * 3600, status: 'present' });
    // Saturday 24 October 22:00 CEST (20:00Z) → Sunday 25 October 06:00 CET (05:00Z).
    const autumn = [at('2026-10-24T20:00:00Z', 'in'), at('2026-10-25T05:00:00Z', 'out')];
    expect(nightShift('2026-10-24', autumn)).toMatchObject({
      presentSeconds: 9 * 3600,
      status: 'present',
      leftEarly: false,
    });
  });

  it('keeps an unmatched "in" open and counts no hours for it', () => {
    const day = officeDay([at('2026-03-04T08:00:00Z', 'in'), at('2026-03-04T09:00:00Z', 'in')]);
    expect(day).toMatchObject({ open: true, presentSeconds: 0, lastOut: null, leftEarly: false });
  });
});

describe(dayPlacer.name, () => {
  it('places instants on the same working days as workDayOf, across both DST changes and a 04:00 boundary', () => {
    for (const boundary of [BERLIN, { timeZone: 'Europe/Berlin', dayStartMinutes: 4 * 60 }]) {
      for (const [from, to] of [
        ['2026-03-27', '2026-03-31'],
        ['2026-10-23', '2026-10-27'],
      ] as const) {
        const days = daysBetween(from, to);
        const place = dayPlacer(days, boundary);
        const start = dayWindow(from, boundary).start.getTime();
        const end = dayWindow(to, boundary).end.getTime();
        expect(place(start - 1)).toBe(-1);
        expect(place(end)).toBe(-1);
        for (let at = start; at < end; at += 7 * 60_000) {
          expect(days[place(at)]).toBe(workDayOf(new Date(at), boundary));
        }
      }
    }
  });
});
