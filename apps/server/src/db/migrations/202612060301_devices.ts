import type { Migration } from './migration.js';

/**
 * Paired devices. A device's credential is an `edge` API key bound to one camera (`api_key.camera_id`), so
 * key verification, caching and revocation stay in one place. A pairing code is stored as its sha256, is
 * single-use (`used_at`) and expires.
 */
export const devices: Migration = {
  id: '202612060301_devices',
  up: [
    'ALTER TABLE api_key ADD COLUMN camera_id text',
    `CREATE TABLE device (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      name text NOT NULL,
      camera_id text NOT NULL,
      api_key_id uuid NOT NULL UNIQUE REFERENCES api_key (id) ON DELETE CASCADE,
      model text,
      version text,
      created_at timestamptz NOT NULL DEFAULT now(),
      revoked_at timestamptz
    )`,
    `CREATE TABLE pairing_code (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      code_hash text NOT NULL UNIQUE,
      camera_id text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      expires_at timestamptz NOT NULL,
      used_at timestamptz,
      device_id uuid REFERENCES device (id) ON DELETE SET NULL
    )`,
  ],
  down: [
    'DROP TABLE IF EXISTS pairing_code',
    'DROP TABLE IF EXISTS device',
    'ALTER TABLE api_key DROP COLUMN IF EXISTS camera_id',
  ],
};
