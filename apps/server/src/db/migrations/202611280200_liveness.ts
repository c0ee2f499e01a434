import type { Migration } from './migration.js';

/**
 * Per-camera liveness policy (NULL = the server's default from config) and spoof attempts reported by edges.
 * A spoof event holds no image, no embedding and no person: camera, time, score, reason, edge mode.
 */
export const liveness: Migration = {
  id: '202611280200_liveness',
  up: [
    `ALTER TABLE camera
       ADD COLUMN liveness_mode text CHECK (liveness_mode IN ('off', 'warn', 'enforce')),
       ADD COLUMN liveness_threshold real CHECK (liveness_threshold >= 0 AND liveness_threshold <= 1),
       ADD COLUMN liveness_require_challenge boolean NOT NULL DEFAULT false`,
    `CREATE TABLE spoof_event (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      camera_id text NOT NULL REFERENCES camera (id),
      score real NOT NULL CHECK (score >= 0 AND score <= 1),
      reason text NOT NULL,
      mode text NOT NULL CHECK (mode IN ('warn', 'enforce')),
      captured_at timestamptz NOT NULL,
      idempotency_key text UNIQUE,
      created_at timestamptz NOT NULL DEFAULT now()
    )`,
    'CREATE INDEX spoof_event_time_idx ON spoof_event (captured_at DESC)',
  ],
  down: [
    'DROP TABLE IF EXISTS spoof_event',
    `ALTER TABLE camera
       DROP COLUMN IF EXISTS liveness_require_challenge,
       DROP COLUMN IF EXISTS liveness_threshold,
       DROP COLUMN IF EXISTS liveness_mode`,
  ],
};
