import { randomUUID } from 'node:crypto';
import type {
  AttendanceEvent,
  IntegrationEvent,
  IntegrationEventOf,
  IntegrationEventType,
} from '@attendance/protocol';

/** A new integration event of `type` with a fresh id (the receivers' deduplication key). */
export function integrationEvent<T extends IntegrationEventType>(
  type: T,
  data: IntegrationEventOf<T>['data'],
  occurredAt: Date | string = new Date(),
): IntegrationEvent {
  const occurred_at = typeof occurredAt === 'string' ? occurredAt : occurredAt.toISOString();
  return { id: randomUUID(), type, occurred_at, data } as IntegrationEvent;
}

export const attendanceRecorded = (event: AttendanceEvent) =>
  integrationEvent('attendance.recorded', event, event.recorded_at);
