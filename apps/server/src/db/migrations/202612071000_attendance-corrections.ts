import type { Migration } from './migration.js';

/**
 * Corrections of attendance: events added by hand (`source = 'manual'`, no camera, model or similarity),
 * voided events (kept, marked, with the reason; they stop counting) and the reason of every audited action.
 */
export const attendanceCorrections: Migration = {
  id: '202612071000_attendance-corrections',
  up: [
    `ALTER TABLE attendance_event
       ADD COLUMN source text NOT NULL DEFAULT 'camera' CHECK (source IN ('camera', 'manual'))`,
    'ALTER TABLE attendance_event ALTER COLUMN camera_id DROP NOT NULL',
    'ALTER TABLE attendance_event ALTER COLUMN model DROP NOT NULL',
    'ALTER TABLE attendance_event ALTER COLUMN similarity DROP NOT NULL',
    `ALTER TABLE attendance_event ADD CONSTRAINT attendance_event_camera_source_check
       CHECK (source = 'manual' OR (camera_id IS NOT NULL AND model IS NOT NULL AND similarity IS NOT NULL))`,
    'ALTER TABLE attendance_event ADD COLUMN voided_at timestamptz',
    'ALTER TABLE attendance_event ADD COLUMN void_reason text',
    'ALTER TABLE audit_log ADD COLUMN reason text',
  ],
  down: [
    'ALTER TABLE audit_log DROP COLUMN IF EXISTS reason',
    'ALTER TABLE attendance_event DROP COLUMN IF EXISTS void_reason',
    'ALTER TABLE attendance_event DROP COLUMN IF EXISTS voided_at',
    'ALTER TABLE attendance_event DROP CONSTRAINT IF EXISTS attendance_event_camera_source_check',
    "DELETE FROM attendance_event WHERE source = 'manual'",
    'ALTER TABLE attendance_event ALTER COLUMN similarity SET NOT NULL',
    'ALTER TABLE attendance_event ALTER COLUMN model SET NOT NULL',
    'ALTER TABLE attendance_event ALTER COLUMN camera_id SET NOT NULL',
    'ALTER TABLE attendance_event DROP COLUMN IF EXISTS source',
  ],
};
