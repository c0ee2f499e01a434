import type {
  AuditEntry,
  CorrectedEvent,
  CorrectionAction,
  EventAddInput,
  EventReassignInput,
  EventVoidInput,
} from '@attendance/protocol';
import { boardChanged } from '../attendance/board-changes.js';
import { workDayOf, type DayBoundary } from '../attendance/work-day.js';
import type { Database, Queryable } from '../db/database.js';
import { AppError, notFound } from '../errors.js';
import { integrationEvent } from '../integrations/integration-events.js';
import { type IntegrationOutbox } from '../integrations/outbox.js';
import { type LiveEvents } from '../relay/live-events.js';
import type {
  AttendanceCorrectionRepository,
  CorrectableEvent,
} from '../repositories/attendance-correction.repository.js';
import type { AuditLogRepository } from '../repositories/audit-log.repository.js';
import type { PersonRepository } from '../repositories/person.repository.js';

const AUDIT_ACTION: Record<CorrectionAction, AuditEntry['action']> = {
  added: 'attendance.event_added',
  voided: 'attendance.event_voided',
  reassigned: 'attendance.event_reassigned',
};

export interface AttendanceCorrectionServiceDeps {
  db: Database;
  corrections: AttendanceCorrectionRepository;
  people: PersonRepository;
  audit: AuditLogRepository;
  boundary: DayBoundary;
  outbox: IntegrationOutbox;
  live: LiveEvents;
}

/**
 * Corrections of attendance by hand: add a missed event, void a wrong one (kept, marked, no longer
 * counted), reassign one to the right person. Each change, its audit entry (who, when, what, why) and its
 * `attendance.corrected` integration event commit together; dashboards are told after the commit.
 */
export class AttendanceCorrectionService {
  constructor(private readonly deps: AttendanceCorrectionServiceDeps) {}

  async add(input: EventAddInput, actorKeyId: string | null): Promise<CorrectedEvent> {
    const event = await this.deps.db.transaction(async (tx) => {
      await this.#requirePerson(tx, input.person_id);
      const id = await this.deps.corrections.addManual(tx, {
        personId: input.person_id,
        recordedAt: new Date(input.recorded_at),
        direction: input.direction,
        timeZone: this.deps.boundary.timeZone,
      });
      const added = await this.deps.corrections.find(tx, id);
      if (!added) throw new Error('added event not found');
      await this.#record(tx, { action: 'added', event: added, reason: input.reason, actorKeyId });
      return added;
    });
    this.#announce(event.personId, event.recordedAt);
    return this.#toCorrected(event);
  }

  async void(id: string, input: EventVoidInput, actorKeyId: string | null): Promise<CorrectedEvent> {
    const event = await this.deps.db.transaction(async (tx) => {
      await this.#requireCounted(tx, id);
      await this.deps.corrections.markVoid(tx, id, input.reason);
      const voided = await this.#reread(tx, id);
      await this.#record(tx, { action: 'voided', event: voided, reason: input.reason, actorKeyId });
      return voided;
    });
    this.#announce(event.personId, event.recordedAt);
    return this.#toCorrected(event);
  }

  async reassign(id: string, input: EventReassignInput, actorKeyId: string | null): Promise<CorrectedEvent> {
    const { event, previous } = await this.deps.db.transaction(async (tx) => {
      const before = await this.#requireCounted(tx, id);
      if (before.personId === input.person_id) {
        throw new AppError('conflict', 'the event is already this person’s');
      }
      await this.#requirePerson(tx, input.person_id);
      await this.deps.corrections.reassign(tx, id, input.person_id);
      const after = await this.#reread(tx, id);
      await this.#record(tx, {
        action: 'reassigned',
        event: after,
        previousPersonId: before.personId,
        reason: input.reason,
        actorKeyId,
      });
      return { event: after, previous: before.personId };
    });
    this.#announce(previous, event.recordedAt);
    this.#announce(event.personId, event.recordedAt);
    return this.#toCorrected(event);
  }

  async #requirePerson(tx: Queryable, personId: string): Promise<void> {
    if (!(await this.deps.people.findById(tx, personId))) throw notFound('person');
  }

  /** The event, locked; a voided event cannot be corrected again. */
  async #requireCounted(tx: Queryable, id: string): Promise<CorrectableEvent> {
    const event = await this.deps.corrections.lock(tx, id);
    if (!event) throw notFound('attendance event');
    if (event.voidedAt !== null) throw new AppError('conflict', 'the event is void');
    return event;
  }

  async #reread(tx: Queryable, id: string): Promise<CorrectableEvent> {
    const event = await this.deps.corrections.find(tx, id);
    if (!event) throw notFound('attendance event');
    return event;
  }

  async #record(
    tx: Queryable,
    change: {
      action: CorrectionAction;
      event: CorrectableEvent;
      reason: string;
      actorKeyId: string | null;
      previousPersonId?: string;
    },
  ): Promise<void> {
    const { event } = change;
    await this.deps.audit.append(tx, {
      action: AUDIT_ACTION[change.action],
      actorKeyId: change.actorKeyId,
      subjectId: event.id,
      counts: {},
      reason: change.reason,
    });
    await this.deps.outbox.enqueue(
      tx,
      integrationEvent('attendance.corrected', {
        attendance_event_id: event.id,
        action: change.action,
        person: { id: event.personId, name: event.name, external_id: event.externalId },
        previous_person_id: change.previousPersonId ?? null,
        recorded_at: event.recordedAt.toISOString(),
        local_day: workDayOf(event.recordedAt, this.deps.boundary),
        direction: event.direction,
        reason: change.reason,
      }),
    );
  }

  #announce(personId: string, at: Date): void {
    this.deps.live.publish(boardChanged({ personId, at, cause: 'corrected' }, this.deps.boundary));
  }

  #toCorrected(event: CorrectableEvent): CorrectedEvent {
    return {
      id: event.id,
      person: { id: event.personId, name: event.name, external_id: event.externalId },
      recorded_at: event.recordedAt.toISOString(),
      local_day: workDayOf(event.recordedAt, this.deps.boundary),
      direction: event.direction,
      camera_id: event.cameraId,
      source: event.source,
      voided_at: event.voidedAt?.toISOString() ?? null,
      void_reason: event.voidReason,
    };
  }
}
