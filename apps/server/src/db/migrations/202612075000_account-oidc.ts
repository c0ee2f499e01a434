import type { Migration } from './migration.js';

/**
 * Accounts linked to an OpenID Connect provider: the provider's issuer and subject (`sub`) identify the
 * person across sign-ins, whatever their username or e-mail becomes. Such an account has no password of its
 * own (its hash is `!`, which no password matches) until an admin sets one.
 */
export const accountOidc: Migration = {
  id: '202612075000_account-oidc',
  up: [
    'ALTER TABLE account ADD COLUMN oidc_issuer text, ADD COLUMN oidc_subject text',
    `CREATE UNIQUE INDEX account_oidc_identity_idx ON account (oidc_issuer, oidc_subject)
       WHERE oidc_subject IS NOT NULL`,
  ],
  down: [
    'DROP INDEX IF EXISTS account_oidc_identity_idx',
    'ALTER TABLE account DROP COLUMN IF EXISTS oidc_subject, DROP COLUMN IF EXISTS oidc_issuer',
  ],
};
