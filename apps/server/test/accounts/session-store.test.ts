import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../src/db/migrations/index.js';
import { migrateUp } from '../../src/db/migrator.js';
import { SessionRepository } from '../../src/repositories/session.repository.js';
import { SessionStore } from '../../src/ui/session-store.js';
import { createTestDatabase, type TestDatabase } from '../support/test-server.js';

const MINUTE = 60_000;

/** The database session store with a clock the test moves: idle and absolute timeouts, caps, revocation. */
describe.each(['pglite', 'postgres'] as const)('session store in the database (%s)', (driver) => {
  let testDb: TestDatabase;
  let now = Date.parse('2026-12-06T08:00:00Z');
  const accountIds: Record<string, string> = {};

  beforeAll(async () => {
    testDb = await createTestDatabase(driver);
    await migrateUp(testDb.db, MIGRATIONS);
    for (const [name, role] of [
      ['ann', 'admin'],
      ['bob', 'viewer'],
      ['cat', 'viewer'],
      ['dan', 'operator'],
    ]) {
      const { rows } = await testDb.db.query<{ id: string }>(
        `INSERT INTO account (username, password_hash, role) VALUES ($1, 'x', $2) RETURNING id`,
        [name, role],
      );
      accountIds[name!] = rows[0]!.id;
    }
  }, 120_000);
  afterAll(async () => {
    await testDb?.drop();
  });

  const store = (limits = { maxSessions: 1000, maxPerKey: 20 }) =>
    new SessionStore({
      db: testDb.db,
      sessions: new SessionRepository(),
      timeouts: { absoluteMs: 60 * MINUTE, idleMs: 10 * MINUTE },
      limits,
      now: () => now,
    });
  const owner = (name: string) => ({ accountId: accountIds[name]!, admin: name === 'ann' });

  it('ends a session idle for longer than the idle timeout, even before its absolute expiry', async () => {
    const sessions = store();
    const created = await sessions.create(owner('bob'));
    now += 9 * MINUTE;
    expect(await sessions.resolve(created?.token)).not.toBeNull(); // use refreshes the idle clock
    now += 9 * MINUTE;
    expect((await sessions.resolve(created?.token))?.account?.username).toBe('bob');
    now += 10 * MINUTE;
    expect(await sessions.resolve(created?.token)).toBeNull();
  });

  it('ends a busy session at its absolute expiry', async () => {
    const sessions = store();
    const created = await sessions.create(owner('bob'));
    for (let i = 0; i < 11; i++) {
      now += 5 * MINUTE;
      expect(await sessions.resolve(created?.token), `after ${(i + 1) * 5} min`).not.toBeNull();
    }
    now += 5 * MINUTE;
    expect(await sessions.resolve(created?.token)).toBeNull();
  });

  it('keeps an admin signed in through 1,010 sign-ins of another account (it replaces only its own)', async () => {
    const sessions = store();
    const admin = await sessions.create(owner('ann'));
    for (let i = 0; i < 1010; i++) {
      now += 1;
      expect(await sessions.create(owner('bob'))).toBeDefined();
    }
    expect(await sessions.resolve(admin?.token)).not.toBeNull();
    const { rows } = await testDb.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM auth_session WHERE account_id = $1',
      [accountIds.bob],
    );
    expect(rows[0]?.n).toBe(20);
  }, 300_000);

  it('a full store refuses non-admin sign-ins (nobody evicted) and lets an admin replace a non-admin', async () => {
    await testDb.db.query('DELETE FROM auth_session');
    const sessions = store({ maxSessions: 2, maxPerKey: 5 });
    const bob = await sessions.create(owner('bob'));
    const cat = await sessions.create(owner('cat'));
    expect(await sessions.create(owner('dan'))).toBeUndefined();
    expect(await sessions.resolve(bob?.token)).not.toBeNull();
    expect(await sessions.resolve(cat?.token)).not.toBeNull();
    now += 1000;
    await sessions.resolve(cat?.token);
    expect(await sessions.create(owner('ann'))).toBeDefined();
    expect(await sessions.resolve(bob?.token)).toBeNull();
  });

  it('a disabled account’s sessions stop resolving at once', async () => {
    const sessions = store();
    const created = await sessions.create(owner('dan'));
    expect(await sessions.resolve(created?.token)).not.toBeNull();
    await testDb.db.query('UPDATE account SET disabled_at = now() WHERE id = $1', [accountIds.dan]);
    expect(await sessions.resolve(created?.token)).toBeNull();
  });
});
