import { describe, expect, it } from 'vitest';
import { admitSession, type SessionSlot } from './session-admission.js';

const limits = { maxSessions: 4, maxPerKey: 2 };
const slot = (id: string, keyId: string, lastUsedAt: number, admin = false): SessionSlot => ({
  id,
  keyId,
  admin,
  lastUsedAt,
});

describe('admitSession', () => {
  it('lets an owner at its cap replace only its own least-recently-used session', () => {
    const live = [slot('a1', 'a', 5), slot('a2', 'a', 1), slot('b1', 'b', 0)];
    expect(admitSession(live, { keyId: 'a', admin: false }, limits)).toEqual({ admit: true, evict: 'a2' });
  });

  it('refuses a non-admin sign-in into a full store instead of evicting anyone', () => {
    const live = [slot('a', 'a', 0, true), slot('b', 'b', 1), slot('c', 'c', 2), slot('d', 'd', 3)];
    expect(admitSession(live, { keyId: 'e', admin: false }, limits)).toEqual({
      admit: false,
      reason: 'too_many_sessions',
    });
  });

  it('lets an admin replace the least-recently-used non-admin session, never another admin', () => {
    const live = [slot('a', 'a', 0, true), slot('b', 'b', 1), slot('c', 'c', 2), slot('d', 'd', 3)];
    expect(admitSession(live, { keyId: 'x', admin: true }, limits)).toEqual({ admit: true, evict: 'b' });
    const admins = live.map((s) => ({ ...s, admin: true }));
    expect(admitSession(admins, { keyId: 'x', admin: true }, limits).admit).toBe(false);
  });
});
