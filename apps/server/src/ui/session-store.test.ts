import { describe, expect, it } from 'vitest';
import { admitSession, type SessionSlot } from './session-admission.js';
import { SessionStore } from './session-store.js';

const limits = { maxSessions: 4, maxPerKey: 2 };
const slot = (id: string, keyId: string, lastUsedAt: number, admin = false): SessionSlot => ({
  id,
  keyId,
  admin,
  lastUsedAt,
});

describe('admitSession', () => {
  it('lets a key at its cap replace only its own least-recently-used session', () => {
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

describe('SessionStore', () => {
  it('keeps an admin signed in through 1,010 sign-ins of another key', () => {
    let now = 0;
    const store = new SessionStore(3_600_000, { maxSessions: 1000, maxPerKey: 20 }, () => now);
    const admin = store.create('admin-key', ['admin']);
    for (let i = 0; i < 1010; i++) {
      now++;
      expect(store.create('edge-key', ['edge'])).toBeDefined();
    }
    expect(store.get(admin?.id)).toBeDefined();
    expect(store.size).toBe(21);
  });

  it('refuses sign-ins when full of other keys, and admits again once sessions expire', () => {
    let now = 0;
    const store = new SessionStore(1000, { maxSessions: 3, maxPerKey: 1 }, () => now);
    const first = ['k1', 'k2', 'k3'].map((key) => store.create(key, ['viewer']));
    expect(first.every(Boolean)).toBe(true);
    expect(store.create('k4', ['viewer'])).toBeUndefined();
    for (const session of first) expect(store.get(session?.id)).toBeDefined();
    now = 1000;
    expect(store.create('k4', ['viewer'])).toBeDefined();
  });
});
