import { createHash } from 'node:crypto';
import type { Account, AccountRole } from '@attendance/protocol';
import type { Logger } from 'pino';
import type { Database, Queryable } from '../db/database.js';
import {
  publicAccount,
  type AccountRepository,
  type OidcIdentity,
} from '../repositories/account.repository.js';
import type { AuditLogRepository } from '../repositories/audit-log.repository.js';

export type LinkedSignIn = { ok: true; account: Account } | { ok: false; reason: 'disabled' };

const USERNAME_MAX = 64;

/** A username the account rules accept (`a-z 0-9 . _ - @`, 3–64), from what the provider calls the person. */
export function usernameCandidate(claims: Readonly<Record<string, unknown>>): string {
  const raw = [claims['preferred_username'], claims['email'], claims['name']].find(
    (value): value is string => typeof value === 'string' && value.trim() !== '',
  );
  const cleaned = (raw ?? '')
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9._@-]+/g, '-')
    .slice(0, USERNAME_MAX);
  return cleaned.length >= 3 ? cleaned : 'oidc-user';
}

export interface OidcAccountsDeps {
  readonly db: Database;
  readonly accounts: AccountRepository;
  readonly audit: AuditLogRepository;
  readonly logger: Logger;
}

/**
 * Accounts of people who sign in through the OpenID Connect provider: found by issuer + subject (never by
 * username, so a provider user named like a local admin does not become that admin), created at the first
 * sign-in, and given the role their claims map to at every sign-in (group changes at the provider apply).
 */
export class OidcAccounts {
  constructor(private readonly deps: OidcAccountsDeps) {}

  async signIn(
    identity: OidcIdentity,
    role: AccountRole,
    claims: Readonly<Record<string, unknown>>,
  ): Promise<LinkedSignIn> {
    const account = await this.deps.db.transaction(async (tx) => {
      const known = await this.deps.accounts.findByOidcIdentity(tx, identity);
      if (!known) {
        const username = await this.#freeUsername(tx, usernameCandidate(claims), identity);
        const created = await this.deps.accounts.insertLinked(tx, { username, role, identity });
        await this.#audit(tx, 'account.created', created.id, role);
        return created;
      }
      if (known.disabled || known.role === role) return known;
      const updated = (await this.deps.accounts.update(tx, known.id, { role })) ?? known;
      await this.#audit(tx, 'account.updated', known.id, role);
      return updated;
    });
    if (account.disabled) {
      this.deps.logger.warn({ accountId: account.id }, 'OIDC sign-in refused: the account is disabled');
      return { ok: false, reason: 'disabled' };
    }
    await this.deps.accounts.touchSignIn(this.deps.db, account.id);
    return { ok: true, account: publicAccount(account) };
  }

  /** The provider acted, not a key: no actor; `oidc: 1` tells these entries apart. */
  #audit(tx: Queryable, action: 'account.created' | 'account.updated', subjectId: string, role: AccountRole) {
    return this.deps.audit.append(tx, {
      action,
      actorKeyId: null,
      subjectId,
      counts: { [`role.${role}`]: 1, oidc: 1 },
    });
  }

  /** The candidate, or (taken by someone else) the candidate with a suffix derived from the identity. */
  async #freeUsername(db: Queryable, candidate: string, identity: OidcIdentity): Promise<string> {
    if (!(await this.deps.accounts.findByUsername(db, candidate))) return candidate;
    const suffix = createHash('sha256').update(`${identity.issuer} ${identity.subject}`).digest('hex');
    return `${candidate.slice(0, USERNAME_MAX - 9)}-${suffix.slice(0, 8)}`;
  }
}
