import type { Migration } from './migration.js';

/**
 * Events by capture time alone: today's board and period reports of a whole group read one time window
 * for thousands of people, which the (person, time) index can only answer with one probe per person.
 */
export const attendanceEventTimeIndex: Migration = {
  id: '202612081000_attendance-event-time-index',
  up: ['CREATE INDEX attendance_event_recorded_at_idx ON attendance_event (recorded_at)'],
  down: ['DROP INDEX IF EXISTS attendance_event_recorded_at_idx'],
};
