/** What the session store knows of one live session when a new sign-in arrives. */
export interface SessionSlot {
  id: string;
  /** Which API key the session belongs to (the same key signing in again competes only with itself). */
  keyId: string;
  admin: boolean;
  lastUsedAt: number;
}

export interface SessionLimits {
  /** Sessions of all keys together. */
  maxSessions: number;
  /** Sessions of one API key (a browser per operator, a few kiosks). */
  maxPerKey: number;
}

export const DEFAULT_SESSION_LIMITS: SessionLimits = { maxSessions: 1000, maxPerKey: 20 };

export type Admission = { admit: true; evict: string | null } | { admit: false; reason: 'too_many_sessions' };

const leastRecentlyUsed = (slots: readonly SessionSlot[]) =>
  slots.reduce<SessionSlot | undefined>(
    (oldest, slot) => (!oldest || slot.lastUsedAt < oldest.lastUsedAt ? slot : oldest),
    undefined,
  );

/**
 * Who gives way to a new sign-in — one rule for any session store (memory today, the database later), so a
 * flood of sign-ins can never sign someone else out:
 * - a key at its own cap replaces its own least-recently-used session (it only competes with itself);
 * - with every slot taken, an admin sign-in replaces the least-recently-used non-admin session;
 * - otherwise the sign-in is refused (429), and nobody is evicted.
 * Expired sessions must be purged before asking.
 */
export function admitSession(
  live: readonly SessionSlot[],
  candidate: { keyId: string; admin: boolean },
  limits: SessionLimits,
): Admission {
  const own = live.filter((slot) => slot.keyId === candidate.keyId);
  if (own.length >= limits.maxPerKey) return { admit: true, evict: leastRecentlyUsed(own)?.id ?? null };
  if (live.length < limits.maxSessions) return { admit: true, evict: null };
  const victim = candidate.admin ? leastRecentlyUsed(live.filter((slot) => !slot.admin)) : undefined;
  return victim ? { admit: true, evict: victim.id } : { admit: false, reason: 'too_many_sessions' };
}
