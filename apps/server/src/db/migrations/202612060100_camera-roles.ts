import type { Migration } from './migration.js';

/**
 * Door direction: a camera's role (`entry`, `exit`, or `both` when one camera sees both ways) and each
 * attendance event's direction, copied from its camera's role when the event is recorded (`in`, `out`,
 * `both`), so changing a camera's role later never rewrites history.
 */
export const cameraRoles: Migration = {
  id: '202612060100_camera-roles',
  up: [
    `ALTER TABLE camera
       ADD COLUMN role text NOT NULL DEFAULT 'both' CHECK (role IN ('entry', 'exit', 'both'))`,
    `ALTER TABLE attendance_event
       ADD COLUMN direction text NOT NULL DEFAULT 'both' CHECK (direction IN ('in', 'out', 'both'))`,
  ],
  down: [
    'ALTER TABLE attendance_event DROP COLUMN IF EXISTS direction',
    'ALTER TABLE camera DROP COLUMN IF EXISTS role',
  ],
};
