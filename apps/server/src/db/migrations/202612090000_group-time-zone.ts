import type { Migration } from './migration.js';

/**
 * A schedule's own time zone (IANA name). NULL, as every existing schedule has it, means the installation's
 * ATTENDANCE_TIMEZONE, read at each request: such a schedule follows the setting if it changes, exactly as
 * schedules did before they had a zone. A group without a schedule has no zone.
 */
export const groupTimeZone: Migration = {
  id: '202612090000_group-time-zone',
  up: [
    `ALTER TABLE attendance_group
       ADD COLUMN time_zone text CONSTRAINT attendance_group_time_zone_needs_schedule
         CHECK (time_zone IS NULL OR start_time IS NOT NULL)`,
  ],
  down: ['ALTER TABLE attendance_group DROP COLUMN IF EXISTS time_zone'],
};
