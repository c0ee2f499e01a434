import type { Account, AccountCreate, AccountUpdate } from '@attendance/protocol';
import type { Logger } from 'pino';
import type { Database } from '../db/database.js';
import { isUniqueViolation } from '../db/sql-values.js';
import { AppError, notFound } from '../errors.js';
import {
  publicAccount,
  type AccountRepository,
  type StoredAccount,
} from '../repositories/account.repository.js';
import type { AuditLogRepository } from '../repositories/audit-log.repository.js';
import type { SessionStore } from '../ui/session-store.js';
import { AttemptThrottle } from './attempt-throttle.js';
import { DEFAULT_PASSWORD_COST, hashPassword, verifyPassword } from './password-hash.js';

export type SignInResult =
  | { ok: true; account: Account }
  | { ok: false; reason: 'invalid' }
  | { ok: false; reason: 'throttled'; retryAfterMs: number };

/** Failures allowed per username and per client IP in 15 minutes before further attempts are refused. */
export const SIGN_IN_RULES = {
  user: { maxFailures: 10, windowMs: 15 * 60_000 },
  ip: { maxFailures: 50, windowMs: 15 * 60_000 },
};

export interface AccountServiceDeps {
  db: Database;
  accounts: AccountRepository;
  audit: AuditLogRepository;
  sessions: SessionStore;
  logger: Logger;
  /** scrypt cost of new password hashes (PASSWORD_HASH_COST). */
  passwordCost?: number;
  now?: () => number;
}

/**
 * Accounts: sign-in with throttling, first admin, admin management, password changes. Ending sessions is
 * part of the change that calls for it (reset, disable, delete, own password change).
 */
export class AccountService {
  readonly #throttle: AttemptThrottle;
  /** Compared against when the username is unknown, so the answer takes as long either way. */
  readonly #dummyHash: Promise<string>;

  private readonly passwordCost: number;

  constructor(private readonly deps: AccountServiceDeps) {
    this.passwordCost = deps.passwordCost ?? DEFAULT_PASSWORD_COST;
    this.#throttle = new AttemptThrottle(SIGN_IN_RULES, deps.now ?? Date.now);
    this.#dummyHash = hashPassword('not a password anyone has', this.passwordCost);
    this.#dummyHash.catch(() => undefined);
  }

  async signIn(username: string, password: string, ip: string): Promise<SignInResult> {
    const name = username.trim().toLowerCase();
    const keys = [`user:${name}`, `ip:${ip}`];
    const wait = this.#throttle.retryAfterMs(keys);
    if (wait > 0) {
      this.deps.logger.warn({ username: name, ip }, 'sign-in refused: too many failed attempts');
      return { ok: false, reason: 'throttled', retryAfterMs: wait };
    }
    const account = await this.deps.accounts.findByUsername(this.deps.db, name);
    // An unknown user, or one who signs in through the OIDC provider only (hash `!`), costs a full hash too.
    const stored = account?.passwordHash.startsWith('scrypt$') ? account.passwordHash : undefined;
    const valid = await verifyPassword(password, stored ?? (await this.#dummyHash));
    if (!account || !stored || !valid || account.disabled) {
      this.#throttle.fail(keys);
      this.deps.logger.warn({ username: name, ip }, 'sign-in failed');
      return { ok: false, reason: 'invalid' };
    }
    this.#throttle.clear([`user:${name}`]);
    await this.deps.accounts.touchSignIn(this.deps.db, account.id);
    return { ok: true, account: publicAccount(account) };
  }

  /** True while no admin can sign in (accounts made by OIDC sign-in may exist: operators, viewers). */
  async needsFirstAdmin(): Promise<boolean> {
    return (await this.deps.accounts.countActiveAdmins(this.deps.db)) === 0;
  }

  /** Only while no admin account exists; the caller has checked the admin key. */
  async createFirstAdmin(username: string, password: string, actorKeyId: string): Promise<Account> {
    const passwordHash = await hashPassword(password, this.passwordCost);
    return this.deps.db.transaction(async (tx) => {
      if ((await this.deps.accounts.countActiveAdmins(tx)) > 0) {
        throw new AppError('conflict', 'an admin account exists already: sign in, or ask an admin for one');
      }
      const account = await this.deps.accounts.insert(tx, { username, passwordHash, role: 'admin' });
      await this.#audit(tx, 'account.created', actorKeyId, account.id, { 'role.admin': 1 });
      return publicAccount(account);
    });
  }

  async create(input: AccountCreate, actorId: string | null): Promise<Account> {
    const passwordHash = await hashPassword(input.password, this.passwordCost);
    try {
      return await this.deps.db.transaction(async (tx) => {
        const account = await this.deps.accounts.insert(tx, { ...input, passwordHash });
        await this.#audit(tx, 'account.created', actorId, account.id, { [`role.${input.role}`]: 1 });
        return publicAccount(account);
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw new AppError('conflict', 'username: taken');
      throw error;
    }
  }

  async list(): Promise<Account[]> {
    return (await this.deps.accounts.list(this.deps.db)).map(publicAccount);
  }

  /** Role and disabling; the last active admin can be neither demoted nor disabled (nobody could manage). */
  async update(id: string, change: AccountUpdate, actorId: string | null): Promise<Account> {
    const updated = await this.deps.db.transaction(async (tx) => {
      const before = await this.#find(tx, id);
      const losesAdmin = (change.role && change.role !== 'admin') || change.disabled === true;
      if (before.role === 'admin' && !before.disabled && losesAdmin) {
        if ((await this.deps.accounts.countActiveAdmins(tx)) <= 1) {
          throw new AppError('conflict', 'this is the last admin account: make another admin first');
        }
      }
      const after = await this.deps.accounts.update(tx, id, change);
      await this.#audit(tx, 'account.updated', actorId, id, {
        ...(change.role ? { [`role.${change.role}`]: 1 } : {}),
        ...(change.disabled !== undefined ? { disabled: change.disabled ? 1 : 0 } : {}),
      });
      return after ?? before;
    });
    if (change.disabled) await this.deps.sessions.endAccountSessions(id);
    return publicAccount(updated);
  }

  /** An admin sets someone's password: every session of that account ends. */
  async resetPassword(id: string, password: string, actorId: string | null): Promise<Account> {
    const passwordHash = await hashPassword(password, this.passwordCost);
    const account = await this.deps.db.transaction(async (tx) => {
      await this.#find(tx, id);
      const updated = await this.deps.accounts.update(tx, id, { passwordHash });
      await this.#audit(tx, 'account.password_reset', actorId, id, {});
      return updated;
    });
    await this.deps.sessions.endAccountSessions(id);
    return publicAccount(account ?? (await this.#find(this.deps.db, id)));
  }

  /**
   * Deletes an account and, with it, every session it had. Nobody deletes their own account (another admin
   * must), and the last admin able to sign in stays.
   */
  async delete(id: string, actorId: string | null): Promise<void> {
    if (id === actorId) {
      throw new AppError('conflict', 'you cannot delete your own account: ask another admin');
    }
    await this.deps.db.transaction(async (tx) => {
      const account = await this.#find(tx, id);
      const admins = await this.deps.accounts.lockActiveAdmins(tx);
      if (account.role === 'admin' && !account.disabled && admins.length <= 1) {
        throw new AppError('conflict', 'this is the last admin account: make another admin first');
      }
      await this.deps.accounts.delete(tx, id);
      await this.#audit(tx, 'account.deleted', actorId, id, { [`role.${account.role}`]: 1 });
    });
    // The sessions went with the row; this also drops whatever this instance still holds of them.
    await this.deps.sessions.endAccountSessions(id);
  }

  /** Ends every session of an account (stolen laptop); answers how many ended. */
  async endSessions(id: string): Promise<number> {
    await this.#find(this.deps.db, id);
    return this.deps.sessions.endAccountSessions(id);
  }

  /** A person's own change: the current password must match; their other sessions end. */
  async changeOwnPassword(
    id: string,
    current: string,
    next: string,
    keepSessionId: string,
    ip: string,
  ): Promise<void> {
    const account = await this.#find(this.deps.db, id);
    const keys = [`user:${account.username}`, `ip:${ip}`];
    if (this.#throttle.retryAfterMs(keys) > 0) {
      throw new AppError('rate_limited', 'too many failed attempts; try again later');
    }
    if (!(await verifyPassword(current, account.passwordHash))) {
      this.#throttle.fail(keys);
      this.deps.logger.warn(
        { username: account.username, ip },
        'password change refused: wrong current password',
      );
      throw new AppError('forbidden', 'current_password: wrong password');
    }
    await this.deps.accounts.update(this.deps.db, id, {
      passwordHash: await hashPassword(next, this.passwordCost),
    });
    await this.deps.sessions.endAccountSessions(id, keepSessionId);
  }

  async #find(db: Parameters<AccountRepository['findById']>[0], id: string): Promise<StoredAccount> {
    return (await this.deps.accounts.findById(db, id)) ?? Promise.reject(notFound('account'));
  }

  #audit(
    tx: Parameters<AuditLogRepository['append']>[0],
    action: 'account.created' | 'account.updated' | 'account.password_reset' | 'account.deleted',
    actorKeyId: string | null,
    subjectId: string,
    counts: Record<string, number>,
  ) {
    return this.deps.audit.append(tx, { action, actorKeyId, subjectId, counts });
  }
}
