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

function toPersonDay(
  person: DaysPerson,
  day: DaySummary,
  events: readonly DaysEvent[],
  timeZone: string,
): PersonDay {
  return {
    person: personRef(person),
    date: day.day,
    time_zone: timeZone,
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
  /** The zone the days are in: the person's schedule's, or the installation's. */
  timeZone: string;
  summaries: DaySummary[];
  events: ReadonlyMap<string, readonly E[]>;
}

type EventQuery = EventOwners & { start: Date; end: Date };

/** The first and last working day (YYYY-MM-DD) of a period, as it falls in a zone (today differs by zone). */
type DayRange = (boundary: DayBoundary) => readonly [string, string];

/** A period's days in one zone, and where instants fall on them. */
interface ZoneDays {
  boundary: DayBoundary;
  days: string[];
  place: (at: number) => number;
}

export interface AttendanceDaysServiceDeps {
  readonly db: Database;
  readonly repo: AttendanceDaysRepository;
  readonly calendar: CalendarRepository;
  /** The installation's zone and the day start: the zone of people whose schedule has none. */
  readonly boundary: DayBoundary;
  readonly clock?: () => Date;
}

/**
 * Working days computed from the stored (corrected) events: the per-person day list, today's board, the
 * period report and the monthly timesheet. SQL selects people, events (placed on working days by capture
 * time) and leave; the rules are the day module's.
 */
export class AttendanceDaysService {
  readonly #boundaries = new Map<string, DayBoundary>();

  private readonly clock: () => Date;

  constructor(private readonly deps: AttendanceDaysServiceDeps) {
    this.clock = deps.clock ?? (() => new Date());
  }

  /** The installation's zone. */
  get timeZone(): string {
    return this.deps.boundary.timeZone;
  }

  /** Today in the zone of a group's schedule (the installation's without a group, or for one without a zone). */
  async today(groupId?: string): Promise<string> {
    return workDayOf(this.clock(), this.#boundaryIn(await this.#headlineZone(groupId)));
  }

  async days(query: AttendanceDaysQuery): Promise<AttendanceDays> {
    const zone = await this.#headlineZone(query.group_id);
    const today = workDayOf(this.clock(), this.#boundaryIn(zone));
    const from = query.from ?? query.to ?? today;
    const to = query.to ?? query.from ?? today;
    const scope = await this.#scope(() => [from, to], { groupId: query.group_id, personId: query.person_id });
    const found =
      query.seen === true
        ? await this.#seenDaysPage(scope, from, to, query)
        : await this.#allDaysPage(scope, from, to, query);
    return { ...toPage(found, query), time_zone: zone };
  }

  async board(query: BoardQuery): Promise<Board> {
    const now = this.clock();
    // Everyone is on their own today: a Tokyo schedule's today begins hours before a Berlin one's.
    const today: DayRange = (boundary) => {
      const day = workDayOf(now, boundary);
      return [day, day];
    };
    const [zone, scope] = await Promise.all([
      this.#headlineZone(query.group_id),
      this.#scope(today, { groupId: query.group_id }),
    ]);
    const { items: people } = await this.deps.repo.people(this.deps.db, scope, {
      limit: 1_000_000,
      offset: 0,
    });
    const counts = { present: 0, late: 0, not_yet_in: 0, absent: 0, on_leave: 0, off: 0 };
    // The board is everyone in scope: events are read by the scope (one time range), not by 10,000 ids.
    const period = { range: today, now, owners: { scope } };
    const date = workDayOf(now, this.#boundaryIn(zone));
    const entries = await this.#loadLean(people, period, ({ person, timeZone, summaries: [day] }) => {
      if (!day) throw new Error('a board day is missing');
      const state = boardState(day);
      counts[state]++;
      // Named only where they differ from the board's: the board is the largest answer, fetched live.
      return {
        person: personRef(person),
        ...(day.day === date ? {} : { date: day.day }),
        ...(timeZone === zone ? {} : { time_zone: timeZone }),
        state,
        first_in: iso(day.firstIn),
        last_out: iso(day.lastOut),
        inside: day.open,
        present_seconds: day.presentSeconds,
      };
    });
    return { date, time_zone: zone, generated_at: now.toISOString(), counts, people: entries };
  }

  async report(query: AttendanceReportQuery): Promise<AttendanceReport> {
    const range: DayRange = () => [query.from, query.to];
    const [zone, scope] = await Promise.all([
      this.#headlineZone(query.group_id),
      this.#scope(range, { groupId: query.group_id }),
    ]);
    const { items: people, total } = await this.deps.repo.people(this.deps.db, scope, query);
    // A page holding everyone in scope reads events by the scope (one time range), not by 10,000 ids.
    const owners = people.length === total ? { scope } : { personIds: people.map((person) => person.id) };
    const period = { range, now: this.clock(), owners };
    const items = await this.#loadLean(people, period, ({ person, timeZone, summaries }) => ({
      person: personRef(person),
      time_zone: timeZone,
      ...periodTotals(summaries),
    }));
    return {
      from: query.from,
      to: query.to,
      group_id: query.group_id ?? null,
      time_zone: zone,
      ...toPage({ items, total }, query),
    };
  }

  async timesheet(query: TimesheetQuery): Promise<Timesheet> {
    const first = DateTime.fromISO(`${query.month}-01`, { zone: 'UTC' });
    const from = first.toISODate() ?? '';
    const to = first.endOf('month').toISODate() ?? '';
    const scope = {
      ...(await this.#scope(() => [from, to], { personId: query.person_id })),
      includeInactive: true,
    };
    const [person] = (await this.deps.repo.people(this.deps.db, scope, { limit: 1, offset: 0 })).items;
    if (!person) throw notFound('person');
    const [loaded] = await this.#load([person], from, to, this.clock());
    if (!loaded) throw notFound('person');
    return {
      person: personRef(person),
      month: query.month,
      time_zone: loaded.timeZone,
      days: this.#personDays(loaded),
      totals: periodTotals(loaded.summaries),
    };
  }

  /**
   * People of a filter whose days lie in a period: the window (for people seen while inactive) spans the
   * period in every zone a schedule uses.
   */
  async #scope(
    range: DayRange,
    filter: { groupId?: string | undefined; personId?: string | undefined },
  ): Promise<PeopleScope> {
    const zones = [this.deps.boundary.timeZone, ...(await this.deps.repo.scheduleZones(this.deps.db))];
    const boundaries = zones.map((zone) => this.#boundaryIn(zone));
    return {
      ...filter,
      window: spanOf(boundaries.map((boundary) => ({ boundary, range: range(boundary) }))),
    };
  }

  /**
   * The zone a response names at its top: the group's schedule's (with a group whose schedule has a zone),
   * else the installation's. Not found for an unknown group.
   */
  async #headlineZone(groupId: string | undefined): Promise<string> {
    if (groupId === undefined) return this.deps.boundary.timeZone;
    const group = await this.deps.repo.groupZone(this.deps.db, groupId);
    if (!group) throw notFound('group');
    return group.timeZone ?? this.deps.boundary.timeZone;
  }

  #boundaryIn(timeZone: string): DayBoundary {
    let boundary = this.#boundaries.get(timeZone);
    if (!boundary) {
      boundary = { timeZone, dayStartMinutes: this.deps.boundary.dayStartMinutes };
      this.#boundaries.set(timeZone, boundary);
    }
    return boundary;
  }

  #zoneOf(person: DaysPerson): string {
    return person.timeZone ?? this.deps.boundary.timeZone;
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
    const people = await this.deps.repo.people(this.deps.db, scope, {
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
    const rule = this.deps.boundary;
    const pairs = await this.deps.repo.seenDays(this.deps.db, { scope, from, to, rule, ...page });
    const personIds = [...new Set(pairs.items.map((pair) => pair.personId))];
    const people = await this.deps.repo.people(
      this.deps.db,
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
      return days && summary
        ? [toPersonDay(days.person, summary, days.events.get(day) ?? [], days.timeZone)]
        : [];
    });
    return { items, total: pairs.total };
  }

  #personDays(days: LoadedDays): PersonDay[] {
    return days.summaries.map((summary) =>
      toPersonDay(days.person, summary, days.events.get(summary.day) ?? [], days.timeZone),
    );
  }

  /** With each event's id, camera and source (day lists, timesheets). */
  #load(people: readonly DaysPerson[], from: string, to: string, now: Date): Promise<LoadedDays[]> {
    const owners = { personIds: people.map((person) => person.id) };
    return this.#loadWith(
      people,
      { range: () => [from, to], now, owners },
      (query) => this.deps.repo.events(this.deps.db, query),
      (days) => days,
    );
  }

  /**
   * Times and directions only (reports, boards), each person's days handed to `visit` and then let go:
   * a report of 10,000 people × 30 days never holds all its events or summaries at once.
   */
  #loadLean<R>(
    people: readonly DaysPerson[],
    period: { range: DayRange; now: Date; owners: EventOwners },
    visit: (days: LoadedDays<TimedEvent>) => R,
  ): Promise<R[]> {
    return this.#loadWith(people, period, (query) => this.deps.repo.eventTimes(this.deps.db, query), visit);
  }

  /**
   * Each person's days of the period in their zone: events are read once over the period's span in all
   * the zones involved, then placed on each zone's days (its windows computed once per zone).
   */
  async #loadWith<E extends TimedEvent, R>(
    people: readonly DaysPerson[],
    { range, now, owners }: { range: DayRange; now: Date; owners: EventOwners },
    readEvents: (query: EventQuery) => Promise<EventsOfPerson<E>>,
    visit: (days: LoadedDays<E>) => R,
  ): Promise<R[]> {
    if (people.length === 0) return [];
    const byZone = new Map<string, ZoneDays>();
    const zoneDaysOf = (person: DaysPerson): ZoneDays => {
      const zone = this.#zoneOf(person);
      let zoneDays = byZone.get(zone);
      if (!zoneDays) {
        const boundary = this.#boundaryIn(zone);
        const [first, last] = range(boundary);
        const days = daysBetween(first, last);
        zoneDays = { boundary, days, place: dayPlacer(days, boundary) };
        byZone.set(zone, zoneDays);
      }
      return zoneDays;
    };
    for (const person of people) zoneDaysOf(person);
    const zones = [...byZone.values()];
    const { start, end } = spanOf(zones.map(({ boundary }) => ({ boundary, range: range(boundary) })));
    const from = zones.map(({ days }) => days[0] ?? '').reduce((a, b) => (b < a ? b : a));
    const to = zones.map(({ days }) => days.at(-1) ?? '').reduce((a, b) => (b > a ? b : a));
    const [eventsOf, leave, holidays] = await Promise.all([
      readEvents({ ...owners, start, end }),
      this.deps.repo.leave(this.deps.db, { ...owners, from, to }),
      this.deps.calendar.listHolidays(this.deps.db, { from, to }),
    ]);
    // A holiday and a leave day are local dates: they match the working days of each person's own zone.
    const calendar: AttendanceCalendar = { holidays: new Set(holidays.map((h) => h.day)), leave };
    return people.map((person) => {
      const { boundary, days, place } = zoneDaysOf(person);
      const events = eventsByDay(eventsOf(person.id), days, place);
      const summaries = summarizePersonDays(person, { days, events, calendar, now }, boundary);
      return visit({ person, timeZone: boundary.timeZone, events, summaries });
    });
  }
}

/** `[start, end)` from the first day's start to the last day's end, over zones whose periods may differ. */
function spanOf(periods: readonly { boundary: DayBoundary; range: readonly [string, string] }[]): {
  start: Date;
  end: Date;
} {
  let start = Infinity;
  let end = -Infinity;
  for (const { boundary, range } of periods) {
    start = Math.min(start, dayWindow(range[0], boundary).start.getTime());
    end = Math.max(end, dayWindow(range[1], boundary).end.getTime());
  }
  return { start: new Date(start), end: new Date(end) };
}
