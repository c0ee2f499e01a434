import type { Migration } from './migration.js';

/**
 * Audit log of privacy-relevant actions (person erasure): who (API key id), when, on which subject id, and
 * counts. No names, no external ids, no embeddings. `person.erased_at` marks an erased person whose
 * attendance events were kept: the row stays only as an anonymous anchor for those events.
 */
export const auditLog: Migration = {
  id: '202611280100_audit-log',
  up: [
    `CREATE TABLE audit_log (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      action text NOT NULL,
      actor_key_id uuid,
      subject_id uuid,
      counts jsonb NOT NULL DEFAULT '{}'::jsonb,
      occurred_at timestamptz NOT NULL DEFAULT now()
    )`,
    'CREATE INDEX audit_log_time_idx ON audit_log (occurred_at DESC, id)',
    'ALTER TABLE person ADD COLUMN erased_at timestamptz',
  ],
  down: ['ALTER TABLE person DROP COLUMN IF EXISTS erased_at', 'DROP TABLE IF EXISTS audit_log'],
};
