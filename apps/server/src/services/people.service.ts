import type { Person, PersonListQuery, PersonUpdate, Template } from '@attendance/protocol';
import type { Database } from '../db/database.js';
import { isUniqueViolation } from '../db/sql-values.js';
import { AppError, notFound } from '../errors.js';
import type { PersonRepository } from '../repositories/person.repository.js';
import type { TemplateRepository } from '../repositories/template.repository.js';
import type { AttendanceRecorder } from './attendance-recorder.service.js';

/** Reading, updating and erasing people and their templates (creation lives in EnrollmentService). */
export class PeopleService {
  constructor(
    private readonly db: Database,
    private readonly people: PersonRepository,
    private readonly templates: TemplateRepository,
    private readonly recorder: AttendanceRecorder,
  ) {}

  list(query: PersonListQuery): Promise<{ items: Person[]; total: number }> {
    return this.people.list(this.db, query);
  }

  async get(id: string): Promise<Person> {
    return (await this.people.findById(this.db, id)) ?? Promise.reject(notFound('person'));
  }

  async update(id: string, patch: PersonUpdate): Promise<Person> {
    try {
      const updated = await this.people.update(this.db, id, {
        name: patch.name,
        externalId: patch.external_id,
        role: patch.role,
        active: patch.active,
      });
      return updated ?? Promise.reject(notFound('person'));
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new AppError('duplicate_external_id', 'external_id is already used by another person');
      }
      throw error;
    }
  }

  /** Erases the person with all templates and attendance events, and forgets their cooldown. */
  async erase(id: string): Promise<void> {
    if (!(await this.people.delete(this.db, id))) throw notFound('person');
    await this.recorder.forget(id);
  }

  async listTemplates(personId: string): Promise<Template[]> {
    await this.get(personId);
    return this.templates.listByPerson(this.db, personId);
  }

  async deleteTemplate(personId: string, templateId: string): Promise<void> {
    if (!(await this.templates.delete(this.db, personId, templateId))) throw notFound('template');
  }
}
