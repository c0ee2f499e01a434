import type { Group, GroupInput, Holiday, Leave, LeaveInput } from '@attendance/protocol';
import { canonicalTimeZone } from '@attendance/protocol';
import type { Database } from '../db/database.js';
import { AppError, notFound } from '../errors.js';
import type { CalendarRepository } from '../repositories/calendar.repository.js';
import type { GroupRepository } from '../repositories/group.repository.js';
import type { PersonRepository } from '../repositories/person.repository.js';

export interface GroupsServiceDeps {
  readonly db: Database;
  readonly groups: GroupRepository;
  readonly calendar: CalendarRepository;
  readonly people: PersonRepository;
  /** ATTENDANCE_TIMEZONE: the zone of schedules without one of their own. */
  readonly installationTimeZone: string;
}

/** Groups with their schedules and members, holidays and per-person leave: who is expected when. */
export class GroupsService {
  readonly installationTimeZone: string;

  constructor(private readonly deps: GroupsServiceDeps) {
    this.installationTimeZone = deps.installationTimeZone;
  }

  list(): Promise<Group[]> {
    return this.deps.groups.list(this.deps.db);
  }

  async get(id: string): Promise<Group> {
    return (await this.deps.groups.find(this.deps.db, id)) ?? this.#missing('group');
  }

  async create(given: GroupInput): Promise<Group> {
    const input = await this.#withKnownZone(given);
    const id = await this.deps.groups.create(this.deps.db, input);
    if (id === undefined) throw nameTaken(input.name);
    return this.get(id);
  }

  async update(id: string, given: GroupInput): Promise<Group> {
    const input = await this.#withKnownZone(given);
    await this.deps.db.transaction(async (tx) => {
      if (await this.deps.groups.nameTakenByOther(tx, id, input.name)) throw nameTaken(input.name);
      if (!(await this.deps.groups.update(tx, id, input))) throw notFound('group');
    });
    return this.get(id);
  }

  async remove(id: string): Promise<void> {
    if (!(await this.deps.groups.remove(this.deps.db, id))) throw notFound('group');
  }

  async addMember(groupId: string, personId: string): Promise<Group> {
    await this.get(groupId);
    await this.#requirePerson(personId);
    await this.deps.groups.addMember(this.deps.db, groupId, personId);
    return this.get(groupId);
  }

  async removeMember(groupId: string, personId: string): Promise<Group> {
    if (!(await this.deps.groups.removeMember(this.deps.db, groupId, personId))) {
      throw notFound('group member');
    }
    return this.get(groupId);
  }

  listHolidays(range: { from?: string | undefined; to?: string | undefined }): Promise<Holiday[]> {
    return this.deps.calendar.listHolidays(this.deps.db, range);
  }

  putHoliday(holiday: Holiday): Promise<Holiday> {
    return this.deps.calendar.putHoliday(this.deps.db, holiday);
  }

  async removeHoliday(day: string): Promise<void> {
    if (!(await this.deps.calendar.removeHoliday(this.deps.db, day))) throw notFound('holiday');
  }

  async listLeave(personId: string): Promise<Leave[]> {
    await this.#requirePerson(personId);
    return this.deps.calendar.listLeave(this.deps.db, personId);
  }

  async addLeave(personId: string, leave: LeaveInput): Promise<Leave> {
    await this.#requirePerson(personId);
    return this.deps.calendar.addLeave(this.deps.db, personId, leave);
  }

  async removeLeave(personId: string, leaveId: string): Promise<void> {
    if (!(await this.deps.calendar.removeLeave(this.deps.db, personId, leaveId))) throw notFound('leave');
  }

  /**
   * The input with its zone spelt as the time-zone database spells it; a zone the runtime knows but
   * PostgreSQL does not (their databases can differ in age) is refused, as the day queries need both.
   */
  async #withKnownZone(input: GroupInput): Promise<GroupInput> {
    const zone = input.schedule?.time_zone;
    if (!input.schedule || zone === null || zone === undefined) return input;
    const canonical = canonicalTimeZone(zone);
    if (!(await this.deps.groups.knowsTimeZone(this.deps.db, canonical))) {
      throw new AppError('validation_failed', `unknown time zone "${zone}": the database does not know it`);
    }
    return { ...input, schedule: { ...input.schedule, time_zone: canonical } };
  }

  async #requirePerson(personId: string): Promise<void> {
    if (!(await this.deps.people.findById(this.deps.db, personId))) throw notFound('person');
  }

  #missing(what: string): never {
    throw notFound(what);
  }
}

const nameTaken = (name: string) => new AppError('conflict', `a group named "${name}" exists`);
