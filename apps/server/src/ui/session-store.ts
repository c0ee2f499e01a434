import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { ApiKeyScope } from '@attendance/protocol';
import { admitSession, DEFAULT_SESSION_LIMITS, type SessionLimits } from './session-admission.js';

/** A signed-in dashboard or kiosk browser. The API key stays in server memory; the browser holds an opaque id. */
export interface DashboardSession {
  id: string;
  apiKey: string;
  scopes: readonly ApiKeyScope[];
  /** Must come back in the `X-CSRF-Token` header of every mutating request (a page on another site cannot read it). */
  csrfToken: string;
  expiresAt: number;
}

interface StoredSession extends DashboardSession {
  keyId: string;
  lastUsedAt: number;
}

const token = () => randomBytes(32).toString('base64url');
const keyIdOf = (apiKey: string) => createHash('sha256').update(apiKey).digest('base64url');

/**
 * In-memory sessions (lost on restart: browsers simply sign in again). Bounded by {@link admitSession}: a key
 * at its cap replaces its own oldest session, an admin may replace a non-admin one, and otherwise a full
 * store refuses new sign-ins rather than sign anyone out.
 */
export class SessionStore {
  private readonly sessions = new Map<string, StoredSession>();

  constructor(
    private readonly ttlMs: number,
    private readonly limits: SessionLimits = DEFAULT_SESSION_LIMITS,
    private readonly now: () => number = Date.now,
  ) {}

  /** A new session, or `undefined` when the store is full and this key may not replace anyone. */
  create(apiKey: string, scopes: readonly ApiKeyScope[]): DashboardSession | undefined {
    this.#purgeExpired();
    const keyId = keyIdOf(apiKey);
    const admission = admitSession(
      [...this.sessions.values()].map((s) => ({
        id: s.id,
        keyId: s.keyId,
        admin: s.scopes.includes('admin'),
        lastUsedAt: s.lastUsedAt,
      })),
      { keyId, admin: scopes.includes('admin') },
      this.limits,
    );
    if (!admission.admit) return undefined;
    if (admission.evict) this.sessions.delete(admission.evict);
    const now = this.now();
    const session: StoredSession = {
      id: token(),
      apiKey,
      keyId,
      scopes,
      csrfToken: token(),
      expiresAt: now + this.ttlMs,
      lastUsedAt: now,
    };
    this.sessions.set(session.id, session);
    return session;
  }

  get(id: string | undefined): DashboardSession | undefined {
    if (!id) return undefined;
    const session = this.sessions.get(id);
    if (!session) return undefined;
    if (session.expiresAt <= this.now()) {
      this.sessions.delete(id);
      return undefined;
    }
    session.lastUsedAt = this.now();
    return session;
  }

  delete(id: string): void {
    this.sessions.delete(id);
  }

  get size(): number {
    return this.sessions.size;
  }

  #purgeExpired(): void {
    const now = this.now();
    for (const [id, session] of this.sessions) if (session.expiresAt <= now) this.sessions.delete(id);
  }
}

export function sameToken(expected: string, presented: unknown): boolean {
  if (typeof presented !== 'string') return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(presented);
  return a.length === b.length && timingSafeEqual(a, b);
}
