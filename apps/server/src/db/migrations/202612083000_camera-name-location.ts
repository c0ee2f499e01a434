import type { Migration } from './migration.js';

/**
 * How people call a camera: its display name (the `name` column the first schema already had, unused until
 * now: empty or over-long values are made to fit) and where it hangs ("Building B, level 2"). Both
 * optional; the lengths match the API's limits.
 */
export const cameraNameLocation: Migration = {
  id: '202612083000_camera-name-location',
  up: [
    `UPDATE camera SET name = NULLIF(left(btrim(name), 80), '') WHERE name IS NOT NULL`,
    `ALTER TABLE camera
       ADD CONSTRAINT camera_name_length CHECK (char_length(name) BETWEEN 1 AND 80),
       ADD COLUMN location text CONSTRAINT camera_location_length CHECK (char_length(location) BETWEEN 1 AND 120)`,
  ],
  down: ['ALTER TABLE camera DROP COLUMN IF EXISTS location, DROP CONSTRAINT IF EXISTS camera_name_length'],
};
