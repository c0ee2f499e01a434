import type { Group, GroupInput, Holiday, Leave, LeaveInput } from '@attendance/protocol';
import type { Database } from '../db/database.js';
import { AppError, notFound } from '../errors.js';
import type { CalendarRepository } from '../repositories/calendar.repository.js';
import type { GroupRepository } from '../repositories/group.repository.js';
import type { PersonRepository } from '../repositories/person.repository.js';

/** Groups with their schedules and members, holidays and per-person leave: who is expected when. */
export class GroupsService {
  constructor(
    private readonly db: Database,
    private readonly groups: GroupRepository,
    private readonly calendar: CalendarRepository,
    private readonly people: PersonRepository,
  ) {}

  list(): Promise<Group[]> {
    return this.groups.list(this.db);
  }

  async get(id: string): Promise<Group> {
    return (await this.groups.find(this.db, id)) ?? this.#missing('group');
  }

  async create(input: GroupInput): Promise<Group> {
    const id = await this.groups.create(this.db, input);
    if (id === undefined) throw nameTaken(input.name);
    return this.get(id);
  }

  async update(id: string, input: GroupInput): Promise<Group> {
    await this.db.transaction(async (tx) => {
      if (await this.groups.nameTakenByOther(tx, id, input.name)) throw nameTaken(input.name);
      if (!(await this.groups.update(tx, id, input))) throw notFound('group');
    });
    return this.get(id);
  }

  async remove(id: string): Promise<void> {
    if (!(await this.groups.remove(this.db, id))) throw notFound('group');
  }

  async addMember(groupId: string, personId: string): Promise<Group> {
    await this.get(groupId);
    await this.#requirePerson(personId);
    await this.groups.addMember(this.db, groupId, personId);
    return this.get(groupId);
  }

  async removeMember(groupId: string, personId: string): Promise<Group> {
    if (!(await this.groups.removeMember(this.db, groupId, personId))) throw notFound('group member');
    return this.get(groupId);
  }

  listHolidays(range: { from?: string | undefined; to?: string | undefined }): Promise<Holiday[]> {
    return this.calendar.listHolidays(this.db, range);
  }

  putHoliday(holiday: Holiday): Promise<Holiday> {
    return this.calendar.putHoliday(this.db, holiday);
  }

  async removeHoliday(day: string): Promise<void> {
    if (!(await this.calendar.removeHoliday(this.db, day))) throw notFound('holiday');
  }

  async listLeave(personId: string): Promise<Leave[]> {
    await this.#requirePerson(personId);
    return this.calendar.listLeave(this.db, personId);
  }

  async addLeave(personId: string, leave: LeaveInput): Promise<Leave> {
    await this.#requirePerson(personId);
    return this.calendar.addLeave(this.db, personId, leave);
  }

  async removeLeave(personId: string, leaveId: string): Promise<void> {
    if (!(await this.calendar.removeLeave(this.db, personId, leaveId))) throw notFound('leave');
  }

  async #requirePerson(personId: string): Promise<void> {
    if (!(await this.people.findById(this.db, personId))) throw notFound('person');
  }

  #missing(what: string): never {
    throw notFound(what);
  }
}

const nameTaken = (name: string) => new AppError('conflict', `a group named "${name}" exists`);
