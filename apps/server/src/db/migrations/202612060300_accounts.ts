import type { Migration } from './migration.js';

/**
 * Accounts (username + scrypt password hash, role) and dashboard sessions kept in the database, so they
 * survive restarts and work on every instance. A session row holds only the sha256 of its token; it belongs
 * to an account (a person) or to an API key (a kiosk signed in with a key), and ends with either.
 */
export const accounts: Migration = {
  id: '202612060300_accounts',
  up: [
    `CREATE TABLE account (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      username text NOT NULL UNIQUE,
      password_hash text NOT NULL,
      role text NOT NULL CHECK (role IN ('admin', 'operator', 'viewer')),
      disabled_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      last_sign_in_at timestamptz
    )`,
    `CREATE TABLE auth_session (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      token_hash text NOT NULL UNIQUE,
      csrf_token text NOT NULL,
      account_id uuid REFERENCES account (id) ON DELETE CASCADE,
      api_key_id uuid REFERENCES api_key (id) ON DELETE CASCADE,
      created_at timestamptz NOT NULL DEFAULT now(),
      last_used_at timestamptz NOT NULL,
      expires_at timestamptz NOT NULL,
      CHECK ((account_id IS NULL) <> (api_key_id IS NULL))
    )`,
    'CREATE INDEX auth_session_account_idx ON auth_session (account_id)',
    'CREATE INDEX auth_session_api_key_idx ON auth_session (api_key_id)',
  ],
  down: ['DROP TABLE IF EXISTS auth_session', 'DROP TABLE IF EXISTS account'],
};
