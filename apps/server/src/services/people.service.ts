import type { Person, PersonListQuery, PersonUpdate, Template } from '@attendance/protocol';
import type { Database } from '../db/database.js';
import { isUniqueViolation } from '../db/sql-values.js';
import { AppError, notFound } from '../errors.js';
import { integrationEvent } from '../integrations/integration-events.js';
import { type IntegrationOutbox } from '../integrations/outbox.js';
import type { AuditLogRepository } from '../repositories/audit-log.repository.js';
import type { ErasureRepository } from '../repositories/erasure.repository.js';
import type { PersonRepository } from '../repositories/person.repository.js';
import type { TemplateRepository } from '../repositories/template.repository.js';
import type { AttendanceRecorder } from './attendance-recorder.service.js';

export interface PeopleServiceDeps {
  db: Database;
  people: PersonRepository;
  templates: TemplateRepository;
  recorder: AttendanceRecorder;
  erasure: ErasureRepository;
  audit: AuditLogRepository;
  /** Default of {@link erase}: delete the person's attendance events too (ERASE_EVENTS_WITH_PERSON). */
  eraseEventsByDefault: boolean;
  outbox: IntegrationOutbox;
}

/** Reading, updating and erasing people and their templates (creation lives in EnrollmentService). */
export class PeopleService {
  constructor(private readonly deps: PeopleServiceDeps) {}

  list(query: PersonListQuery): Promise<{ items: Person[]; total: number }> {
    return this.deps.people.list(this.deps.db, query);
  }

  async get(id: string): Promise<Person> {
    return (await this.deps.people.findById(this.deps.db, id)) ?? Promise.reject(notFound('person'));
  }

  async update(id: string, patch: PersonUpdate): Promise<Person> {
    try {
      const updated = await this.deps.people.update(this.deps.db, id, {
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

  /**
   * Erases a person in one transaction: their templates always; their attendance events too unless
   * `events` is `keep` (then the person row stays as an anonymous, inactive anchor of those events). An
   * already anonymised person can still have their kept events deleted. Writes one audit entry (actor key
   * id, subject id, counts) and forgets the person's cooldown.
   */
  async erase(
    id: string,
    options: { events?: 'delete' | 'keep' | undefined; actorKeyId: string | null },
  ): Promise<{ templatesDeleted: number; eventsDeleted: number; eventsKept: number }> {
    const deleteEvents =
      (options.events ?? (this.deps.eraseEventsByDefault ? 'delete' : 'keep')) === 'delete';
    const counts = await this.deps.db.transaction(async (tx) => {
      const person = await this.deps.erasure.lockPerson(tx, id);
      if (!person || (person.erased && !deleteEvents)) throw notFound('person');
      const templatesDeleted = await this.deps.erasure.deleteTemplates(tx, id);
      const reasonsCleared = await this.deps.erasure.clearCorrectionReasons(tx, id);
      let eventsDeleted = 0;
      let eventsKept = 0;
      if (deleteEvents) {
        eventsDeleted = await this.deps.erasure.deleteEvents(tx, id);
        await this.deps.erasure.deletePerson(tx, id);
      } else {
        eventsKept = await this.deps.erasure.countEvents(tx, id);
        await this.deps.erasure.anonymise(tx, id);
      }
      const result = { templatesDeleted, eventsDeleted, eventsKept };
      const erased = { person_id: id, templates_deleted: templatesDeleted, events_deleted: eventsDeleted };
      await this.deps.outbox.enqueue(tx, integrationEvent('person.erased', erased));
      await this.deps.audit.append(tx, {
        action: 'person.erased',
        actorKeyId: options.actorKeyId,
        subjectId: id,
        counts: {
          templates_deleted: templatesDeleted,
          events_deleted: eventsDeleted,
          events_kept: eventsKept,
          correction_reasons_cleared: reasonsCleared,
        },
      });
      return result;
    });
    await this.deps.recorder.forget(id);
    return counts;
  }

  async listTemplates(personId: string): Promise<Template[]> {
    await this.get(personId);
    return this.deps.templates.listByPerson(this.deps.db, personId);
  }

  async deleteTemplate(personId: string, templateId: string): Promise<void> {
    if (!(await this.deps.templates.delete(this.deps.db, personId, templateId))) throw notFound('template');
  }
}
