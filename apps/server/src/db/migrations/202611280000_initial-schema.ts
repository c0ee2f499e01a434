import type { Migration } from './migration.js';

/** People, recognition models, face templates, cameras, attendance events and API keys. */
export const initialSchema: Migration = {
  id: '202611280000_initial-schema',
  up: [
    'CREATE EXTENSION IF NOT EXISTS vector',
    `CREATE TABLE person (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      name text NOT NULL,
      external_id text UNIQUE,
      role text NOT NULL DEFAULT 'employee',
      active boolean NOT NULL DEFAULT true,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`,
    'CREATE INDEX person_name_lower_idx ON person (lower(name))',
    `CREATE TABLE recognition_model (
      id text PRIMARY KEY,
      dim integer NOT NULL CHECK (dim > 0),
      created_at timestamptz NOT NULL DEFAULT now()
    )`,
    // No fixed dimension: each model's templates are indexed by a partial expression index
    // ((embedding::vector(dim))) WHERE model = '<id>', created when the model is registered.
    `CREATE TABLE face_template (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      person_id uuid NOT NULL REFERENCES person (id) ON DELETE CASCADE,
      model text NOT NULL REFERENCES recognition_model (id),
      embedding vector NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    )`,
    'CREATE INDEX face_template_person_idx ON face_template (person_id)',
    `CREATE TABLE camera (
      id text PRIMARY KEY,
      name text,
      last_seen_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now()
    )`,
    `CREATE TABLE attendance_event (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      person_id uuid NOT NULL REFERENCES person (id) ON DELETE CASCADE,
      camera_id text NOT NULL REFERENCES camera (id),
      model text NOT NULL,
      similarity real NOT NULL,
      recorded_at timestamptz NOT NULL,
      local_day date NOT NULL,
      idempotency_key text UNIQUE,
      created_at timestamptz NOT NULL DEFAULT now()
    )`,
    'CREATE INDEX attendance_event_person_time_idx ON attendance_event (person_id, recorded_at DESC)',
    'CREATE INDEX attendance_event_day_idx ON attendance_event (local_day, recorded_at DESC)',
    `CREATE TABLE api_key (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      name text NOT NULL,
      key_prefix text NOT NULL,
      key_hash text NOT NULL UNIQUE,
      scopes text[] NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      expires_at timestamptz,
      revoked_at timestamptz,
      last_used_at timestamptz
    )`,
    'CREATE INDEX api_key_prefix_idx ON api_key (key_prefix)',
  ],
  down: [
    'DROP TABLE IF EXISTS api_key',
    'DROP TABLE IF EXISTS attendance_event',
    'DROP TABLE IF EXISTS camera',
    'DROP TABLE IF EXISTS face_template',
    'DROP TABLE IF EXISTS recognition_model',
    'DROP TABLE IF EXISTS person',
  ],
};
