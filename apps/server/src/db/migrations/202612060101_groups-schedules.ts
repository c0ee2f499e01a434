import type { Migration } from './migration.js';

/**
 * Groups (departments, classes) with an optional schedule, their members, holidays and per-person leave.
 * A schedule's times are local wall-clock times of the installation's time zone.
 */
export const groupsSchedules: Migration = {
  id: '202612060101_groups-schedules',
  up: [
    `CREATE TABLE attendance_group (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      name text NOT NULL UNIQUE,
      work_days smallint[],
      start_time text,
      end_time text,
      grace_minutes integer NOT NULL DEFAULT 0,
      created_at timestamptz NOT NULL DEFAULT now(),
      CHECK ((work_days IS NULL) = (start_time IS NULL) AND (start_time IS NULL) = (end_time IS NULL))
    )`,
    `CREATE TABLE group_member (
      group_id uuid NOT NULL REFERENCES attendance_group (id) ON DELETE CASCADE,
      person_id uuid NOT NULL REFERENCES person (id) ON DELETE CASCADE,
      PRIMARY KEY (group_id, person_id)
    )`,
    'CREATE INDEX group_member_person_idx ON group_member (person_id)',
    `CREATE TABLE holiday (
      day date PRIMARY KEY,
      name text NOT NULL
    )`,
    `CREATE TABLE person_leave (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      person_id uuid NOT NULL REFERENCES person (id) ON DELETE CASCADE,
      from_day date NOT NULL,
      to_day date NOT NULL,
      reason text NOT NULL DEFAULT '',
      CHECK (from_day <= to_day)
    )`,
    'CREATE INDEX person_leave_person_idx ON person_leave (person_id, from_day)',
  ],
  down: [
    'DROP TABLE IF EXISTS person_leave',
    'DROP TABLE IF EXISTS holiday',
    'DROP TABLE IF EXISTS group_member',
    'DROP TABLE IF EXISTS attendance_group',
  ],
};
