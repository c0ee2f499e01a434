import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { AccountRole } from '@attendance/protocol';
import { scopesOfRole } from '../accounts/role-scopes.js';
import type { Database } from '../db/database.js';
import type { SessionRecord, SessionRepository } from '../repositories/session.repository.js';
import type { AuthenticatedKey } from '../services/api-key.service.js';
import { admitSession, DEFAULT_SESSION_LIMITS, type SessionLimits } from './session-admission.js';

/** A signed-in dashboard or kiosk browser, resolved from its cookie on this request. */
export interface DashboardSession {
  id: string;
  /** Who acts: the account (its role as scopes) or the API key the kiosk signed in with. */
  principal: AuthenticatedKey;
  account: { id: string; username: string; role: AccountRole } | null;
  /** Must come back in the `X-CSRF-Token` header of every mutating request (a page on another site cannot read it). */
  csrfToken: string;
  expiresAt: number;
}

export interface NewSession {
  /** Goes into the cookie only; the database keeps its sha256. */
  token: string;
  csrfToken: string;
  expiresAt: number;
}

export type SessionOwner = { accountId: string; admin: boolean } | { apiKeyId: string; admin: boolean };

export interface SessionTimeouts {
  /** From sign-in, however busy the session is (UI_SESSION_HOURS). */
  absoluteMs: number;
  /** Without a request (UI_SESSION_IDLE_MINUTES). */
  idleMs: number;
}

const randomToken = () => randomBytes(32).toString('base64url');
const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');

export interface SessionStoreDeps {
  readonly db: Database;
  readonly sessions: SessionRepository;
  readonly timeouts: SessionTimeouts;
  readonly limits?: SessionLimits;
  readonly now?: () => number;
}

/**
 * Sessions in the database: they survive restarts and every instance sees the same ones (no sticky
 * sessions). The cookie holds a random 256-bit token, the row only its hash, so a database dump signs
 * nobody in. Bounded by {@link admitSession}: an owner at its cap replaces its own least-recently-used
 * session, an admin may replace a non-admin one, otherwise a full store refuses new sign-ins (429).
 */
export class SessionStore {
  private readonly limits: SessionLimits;
  private readonly now: () => number;

  constructor(private readonly deps: SessionStoreDeps) {
    this.limits = deps.limits ?? DEFAULT_SESSION_LIMITS;
    this.now = deps.now ?? Date.now;
  }

  /** A new session (always a fresh token: sign-in never reuses an id), or `undefined` when full. */
  async create(owner: SessionOwner): Promise<NewSession | undefined> {
    const now = new Date(this.now());
    const ownerId = 'accountId' in owner ? owner.accountId : owner.apiKeyId;
    const token = randomToken();
    const csrfToken = randomToken();
    const expiresAt = new Date(now.getTime() + this.deps.timeouts.absoluteMs);
    const created = await this.deps.db.transaction(async (tx) => {
      await this.deps.sessions.purgeExpired(tx, now, this.deps.timeouts.idleMs);
      const admission = admitSession(
        await this.deps.sessions.slots(tx),
        { keyId: ownerId, admin: owner.admin },
        this.limits,
      );
      if (!admission.admit) return false;
      if (admission.evict) await this.deps.sessions.delete(tx, admission.evict);
      await this.deps.sessions.insert(tx, {
        tokenHash: tokenHash(token),
        csrfToken,
        accountId: 'accountId' in owner ? owner.accountId : null,
        apiKeyId: 'apiKeyId' in owner ? owner.apiKeyId : null,
        now,
        expiresAt,
      });
      return true;
    });
    return created ? { token, csrfToken, expiresAt: expiresAt.getTime() } : undefined;
  }

  /** The live session of a cookie token; null when unknown, expired, idle too long, or its owner is gone. */
  async resolve(token: string | undefined): Promise<DashboardSession | null> {
    if (!token || token.length > 100) return null;
    const record = await this.deps.sessions.findByTokenHash(this.deps.db, tokenHash(token));
    if (!record) return null;
    const now = this.now();
    const session = this.#live(record, now);
    if (!session) {
      await this.deps.sessions.delete(this.deps.db, record.id);
      return null;
    }
    await this.deps.sessions.touch(this.deps.db, record.id, new Date(now));
    return session;
  }

  delete(id: string): Promise<void> {
    return this.deps.sessions.delete(this.deps.db, id);
  }

  /** Signs an account out everywhere (or everywhere but `keep`); returns how many sessions ended. */
  endAccountSessions(accountId: string, keep: string | null = null): Promise<number> {
    return this.deps.sessions.deleteForAccount(this.deps.db, accountId, keep);
  }

  #live(record: SessionRecord, now: number): DashboardSession | null {
    if (record.expiresAt.getTime() <= now) return null;
    if (record.lastUsedAt.getTime() + this.deps.timeouts.idleMs <= now) return null;
    const base = { id: record.id, csrfToken: record.csrfToken, expiresAt: record.expiresAt.getTime() };
    if (record.accountId && record.role && record.username) {
      if (record.accountDisabled) return null;
      return {
        ...base,
        principal: { id: record.accountId, scopes: scopesOfRole(record.role) },
        account: { id: record.accountId, username: record.username, role: record.role },
      };
    }
    // A revoked or expired key ends its sessions too.
    if (!record.apiKeyId || !record.keyScopes || record.keyRevoked) return null;
    if (record.keyExpiresAt && record.keyExpiresAt.getTime() <= now) return null;
    const principal = {
      id: record.apiKeyId,
      scopes: record.keyScopes,
      ...(record.keyCameraId ? { cameraId: record.keyCameraId } : {}),
    };
    return { ...base, principal, account: null };
  }
}

export function sameToken(expected: string, presented: unknown): boolean {
  if (typeof presented !== 'string') return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(presented);
  return a.length === b.length && timingSafeEqual(a, b);
}
