import type {
  AttendanceDays,
  AttendanceDaysQuery,
  AttendanceReport,
  AttendanceReportQuery,
  Board,
  BoardQuery,
  PersonDay,
  PersonRef,
  Timesheet,
  TimesheetQuery,
} from '@attendance/protocol';
import { toPage } from '@attendance/protocol';
import { DateTime } from 'luxon';
import type { DaySummary } from '../attendance/day-summary.js';
import {
  boardState,
  eventsByDay,
  periodTotals,
  summarizePersonDays,
  type AttendanceCalendar,
} from '../attendance/person-days.js';
import { dayPlacer, dayWindow, daysBetween, workDayOf, type DayBoundary } from '../attendance/work-day.js';
import type { Database } from '../db/database.js';
import { notFound } from '../errors.js';
import type {
  AttendanceDaysRepository,
  DaysEvent,
  DaysPerson,
  EventOwners,
  EventsOfPerson,
  PeopleScope,
  TimedEvent,
} from '../repositories/attendance-days.repository.js';
import type { CalendarRepository } from '../repositories/calendar.repository.js';

const iso = (at: Date | null) => at?.toISOString() ?? null;
const personRef = (person: DaysPerson): PersonRef => ({
  id: person.id,
  name: person.name,
  external_id: person.external_id,
});

function toPersonDay(person: DaysPerson, day: DaySummary, events: readonly DaysEvent[]): PersonDay {
  return {
    person: personRef(person),
    date: day.day,
    first_in: iso(day.firstIn),
    last_out: iso(day.lastOut),
    present_seconds: day.presentSeconds,
    inside: day.open,
    status: day.status,
    late: day.late,
    left_early: day.leftEarly,
    events: events.map((event) => ({
      id: event.id,
      recorded_at: event.at.toISOString(),
      direction: event.direction,
      camera_id: event.cameraId,
      source: event.source,
    })),
  };
}

/** Days of a person: their summaries with the events behind them. */
interface LoadedDays<E extends TimedEvent = DaysEvent> {
  person: DaysPerson;
  summaries: DaySummary[];
  events: ReadonlyMap<string, readonly E[]>;
}

type EventQuery = EventOwners & { start: Date; end: Date };

/**
 * Working days computed from the stored (corrected) events: the per-person day list, today's board, the
 * period report and the monthly timesheet. SQL selects people, events (placed on working days by capture
 * time) and leave; the rules are the day module's.
 */
export class AttendanceDaysService {
  constructor(
    private readonly db: Database,
    private readonly repo: AttendanceDaysRepository,
    private readonly calendar: CalendarRepository,
    private readonly boundary: DayBoundary,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  get timeZone(): string {
    return this.boundary.timeZone;
  }

  today(): string {
    return workDayOf(this.clock(), this.boundary);
  }

  async days(query: AttendanceDaysQuery): Promise<AttendanceDays> {
    const from = query.from ?? query.to ?? this.today();
    const to = query.to ?? query.from ?? this.today();
    await this.#requireGroup(query.group_id);
    const scope = this.#scope(from, to, { groupId: query.group_id, personId: query.person_id });
    const found =
      query.seen === true
        ? await this.#seenDaysPage(scope, from, to, query)
        : await this.#allDaysPage(scope, from, to, query);
    return { ...toPage(found, query), time_zone: this.timeZone };
  }

  async board(query: BoardQuery): Promise<Board> {
    await this.#requireGroup(query.group_id);
    const now = this.clock();
    const date = workDayOf(now, this.boundary);
    const scope = this.#scope(date, date, { groupId: query.group_id });
    const { items: people } = await this.repo.people(this.db, scope, { limit: 1_000_000, offset: 0 });
    const counts = { present: 0, late: 0, not_yet_in: 0, absent: 0, on_leave: 0, off: 0 };
    // The board is everyone in scope: events are read by the scope (one time range), not by 10,000 ids.
    const period = { from: date, to: date, now, owners: { scope } };
    const entries = await this.#loadLean(people, period, ({ person, summaries: [day] }) => {
      if (!day) throw new Error('a board day is missing');
      const state = boardState(day);
      counts[state]++;
      return {
        person: personRef(person),
        state,
        first_in: iso(day.firstIn),
        last_out: iso(day.lastOut),
        inside: day.open,
        present_seconds: day.presentSeconds,
      };
    });
    return { date, time_zone: this.timeZone, generated_at: now.toISOString(), counts, people: entries };
  }

  async report(query: AttendanceReportQuery): Promise<AttendanceReport> {
    await this.#requireGroup(query.group_id);
    const scope = this.#scope(query.from, query.to, { groupId: query.group_id });
    const { items: people, total } = await this.repo.people(this.db, scope, query);
    // A page holding everyone in scope reads events by the scope (one time range), not by 10,000 ids.
    const owners = people.length === total ? { scope } : { personIds: people.map((person) => person.id) };
    const period = { from: query.from, to: query.to, now: this.clock(), owners };
    const items = await this.#loadLean(people, period, ({ person, summaries }) => ({
      person: personRef(person),
      ...periodTotals(summaries),
    }));
    return {
      from: query.from,
      to: query.to,
      group_id: query.group_id ?? null,
      time_zone: this.timeZone,
      ...toPage({ items, total }, query),
    };
  }

  async timesheet(query: TimesheetQuery): Promise<Timesheet> {
    const first = DateTime.fromISO(`${query.month}-01`, { zone: 'UTC' });
    const from = first.toISODate() ?? '';
    const to = first.endOf('month').toISODate() ?? '';
    const scope = { ...this.#scope(from, to, { personId: query.person_id }), includeInactive: true };
    const [person] = (await this.repo.people(this.db, scope, { limit: 1, offset: 0 })).items;
    if (!person) throw notFound('person');
    const [loaded] = await this.#load([person], from, to, this.clock());
    if (!loaded) throw notFound('person');
    return {
      person: personRef(person),
      month: query.month,
      time_zone: this.timeZone,
      days: this.#personDays(loaded),
      totals: periodTotals(loaded.summaries),
    };
  }

  #scope(
    from: string,
    to: string,
    filter: { groupId?: string | undefined; personId?: string | undefined },
  ): PeopleScope {
    return {
      ...filter,
      window: { start: dayWindow(from, this.boundary).start, end: dayWindow(to, this.boundary).end },
    };
  }

  async #requireGroup(groupId: string | undefined): Promise<void> {
    if (groupId !== undefined && !(await this.repo.groupExists(this.db, groupId))) throw notFound('group');
  }

  /** Every (person, day) pair, names then days: only the people the page touches are computed. */
  async #allDaysPage(
    scope: PeopleScope,
    from: string,
    to: string,
    page: { limit: number; offset: number },
  ): Promise<{ items: PersonDay[]; total: number }> {
    const dayCount = daysBetween(from, to).length;
    const firstPerson = Math.floor(page.offset / dayCount);
    const lastPerson = Math.floor((page.offset + page.limit - 1) / dayCount);
    const people = await this.repo.people(this.db, scope, {
      limit: lastPerson - firstPerson + 1,
      offset: firstPerson,
    });
    const loaded = await this.#load(people.items, from, to, this.clock());
    const skip = page.offset - firstPerson * dayCount;
    const items = loaded.flatMap((days) => this.#personDays(days)).slice(skip, skip + page.limit);
    return { items, total: people.total * dayCount };
  }

  /** Only the days people were seen: the pairs are paged in SQL. */
  async #seenDaysPage(
    scope: PeopleScope,
    from: string,
    to: string,
    page: { limit: number; offset: number },
  ): Promise<{ items: PersonDay[]; total: number }> {
    const rule = this.boundary;
    const pairs = await this.repo.seenDays(this.db, { scope, from, to, rule, ...page });
    const personIds = [...new Set(pairs.items.map((pair) => pair.personId))];
    const people = await this.repo.people(
      this.db,
      { ...scope, personIds, includeInactive: true },
      { limit: personIds.length || 1, offset: 0 },
    );
    const loaded = new Map(
      (await this.#load(people.items, from, to, this.clock())).map((days) => [days.person.id, days]),
    );
    const items = pairs.items.flatMap(({ personId, day }) => {
      const days = loaded.get(personId);
      const index = days?.summaries.findIndex((summary) => summary.day === day) ?? -1;
      const summary = days?.summaries[index];
      return days && summary ? [toPersonDay(days.person, summary, days.events.get(day) ?? [])] : [];
    });
    return { items, total: pairs.total };
  }

  #personDays(days: LoadedDays): PersonDay[] {
    return days.summaries.map((summary) =>
      toPersonDay(days.person, summary, days.events.get(summary.day) ?? []),
    );
  }

  /** With each event's id, camera and source (day lists, timesheets). */
  #load(people: readonly DaysPerson[], from: string, to: string, now: Date): Promise<LoadedDays[]> {
    const owners = { personIds: people.map((person) => person.id) };
    return this.#loadWith(
      people,
      { from, to, now, owners },
      (query) => this.repo.events(this.db, query),
      (days) => days,
    );
  }

  /**
   * Times and directions only (reports, boards), each person's days handed to `visit` and then let go:
   * a report of 10,000 people × 30 days never holds all its events or summaries at once.
   */
  #loadLean<R>(
    people: readonly DaysPerson[],
    period: { from: string; to: string; now: Date; owners: EventOwners },
    visit: (days: LoadedDays<TimedEvent>) => R,
  ): Promise<R[]> {
    return this.#loadWith(people, period, (query) => this.repo.eventTimes(this.db, query), visit);
  }

  async #loadWith<E extends TimedEvent, R>(
    people: readonly DaysPerson[],
    { from, to, now, owners }: { from: string; to: string; now: Date; owners: EventOwners },
    readEvents: (query: EventQuery) => Promise<EventsOfPerson<E>>,
    visit: (days: LoadedDays<E>) => R,
  ): Promise<R[]> {
    const start = dayWindow(from, this.boundary).start;
    const end = dayWindow(to, this.boundary).end;
    const [eventsOf, leave, holidays] = await Promise.all([
      readEvents({ ...owners, start, end }),
      this.repo.leave(this.db, { ...owners, from, to }),
      this.calendar.listHolidays(this.db, { from, to }),
    ]);
    const calendar: AttendanceCalendar = { holidays: new Set(holidays.map((h) => h.day)), leave };
    const days = daysBetween(from, to);
    const place = dayPlacer(days, this.boundary);
    return people.map((person) => {
      const events = eventsByDay(eventsOf(person.id), days, place);
      const summaries = summarizePersonDays(person, { days, events, calendar, now }, this.boundary);
      return visit({ person, events, summaries });
    });
  }
}
