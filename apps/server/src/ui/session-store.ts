import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { ApiKeyScope } from '@attendance/protocol';

/** A signed-in dashboard or kiosk browser. The API key stays in server memory; the browser holds an opaque id. */
export interface DashboardSession {
  id: string;
  apiKey: string;
  scopes: readonly ApiKeyScope[];
  /** Must come back in the `X-CSRF-Token` header of every mutating request (a page on another site cannot read it). */
  csrfToken: string;
  expiresAt: number;
}

const token = () => randomBytes(32).toString('base64url');

/** In-memory sessions (lost on restart: browsers simply sign in again). Bounded: the oldest go first. */
export class SessionStore {
  private readonly sessions = new Map<string, DashboardSession>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxSessions = 1000,
    private readonly now: () => number = Date.now,
  ) {}

  create(apiKey: string, scopes: readonly ApiKeyScope[]): DashboardSession {
    while (this.sessions.size >= this.maxSessions) {
      const oldest = this.sessions.keys().next();
      if (oldest.done) break;
      this.sessions.delete(oldest.value);
    }
    const session = { id: token(), apiKey, scopes, csrfToken: token(), expiresAt: this.now() + this.ttlMs };
    this.sessions.set(session.id, session);
    return session;
  }

  get(id: string | undefined): DashboardSession | undefined {
    if (!id) return undefined;
    const session = this.sessions.get(id);
    if (session && session.expiresAt <= this.now()) {
      this.sessions.delete(id);
      return undefined;
    }
    return session;
  }

  delete(id: string): void {
    this.sessions.delete(id);
  }
}

export function sameToken(expected: string, presented: unknown): boolean {
  if (typeof presented !== 'string') return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(presented);
  return a.length === b.length && timingSafeEqual(a, b);
}
