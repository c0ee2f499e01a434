import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../src/db/migrations/index.js';
import { migrateUp } from '../../src/db/migrator.js';
import { ApiKeyRepository } from '../../src/repositories/api-key.repository.js';
import { AuditLogRepository } from '../../src/repositories/audit-log.repository.js';
import { ApiKeyService, generateApiKey } from '../../src/services/api-key.service.js';
import { createTestDatabase, type TestDatabase } from '../support/test-server.js';

/** The repository, counting how often authentication asks the database for a key. */
class CountingApiKeyRepository extends ApiKeyRepository {
  lookups = 0;

  override findByPrefix(...args: Parameters<ApiKeyRepository['findByPrefix']>) {
    this.lookups++;
    return super.findByPrefix(...args);
  }
}

describe('a key found invalid is refused from memory for 10 s (no database lookup per retry)', () => {
  let database: TestDatabase;
  let repository: CountingApiKeyRepository;
  let service: ApiKeyService;
  let now = Date.parse('2026-11-28T12:00:00Z');

  beforeAll(async () => {
    database = await createTestDatabase('pglite');
    await migrateUp(database.db, MIGRATIONS);
    repository = new CountingApiKeyRepository();
    service = new ApiKeyService({
      db: database.db,
      keys: repository,
      audit: new AuditLogRepository(),
      now: () => new Date(now),
    });
  });
  afterAll(() => database?.drop());

  const lookupsFor = async (key: string) => {
    const before = repository.lookups;
    const answer = await service.authenticate(key);
    return { answer, lookups: repository.lookups - before };
  };

  it('an unknown key: one lookup, then none until 10 s have passed', async () => {
    const unknown = generateApiKey();
    expect(await lookupsFor(unknown)).toEqual({ answer: null, lookups: 1 });
    for (let i = 0; i < 5; i++) expect(await lookupsFor(unknown)).toEqual({ answer: null, lookups: 0 });
    now += 10_001;
    expect(await lookupsFor(unknown)).toEqual({ answer: null, lookups: 1 });
  });

  it('a revoked and an expired key are refused from memory too; a valid key is not affected', async () => {
    const revoked = await service.create({ name: 'revoked', scopes: ['viewer'] }, null);
    await service.revoke(revoked.id, null);
    const expired = await service.create(
      { name: 'expired', scopes: ['viewer'], expires_at: new Date(now + 1000).toISOString() },
      null,
    );
    now += 1001;
    const valid = await service.create({ name: 'valid', scopes: ['viewer'] }, null);
    for (const key of [revoked.key, expired.key]) {
      expect(await lookupsFor(key)).toEqual({ answer: null, lookups: 1 });
      expect(await lookupsFor(key)).toEqual({ answer: null, lookups: 0 });
    }
    expect((await lookupsFor(valid.key)).answer).toMatchObject({ id: valid.id, scopes: ['viewer'] });
  });

  it('a key that differs from a refused one by one character is looked up on its own', async () => {
    const valid = await service.create({ name: 'typo', scopes: ['viewer'] }, null);
    const typo = `${valid.key.slice(0, -1)}${valid.key.endsWith('A') ? 'B' : 'A'}`;
    expect(await lookupsFor(typo)).toEqual({ answer: null, lookups: 1 });
    expect((await lookupsFor(valid.key)).answer).toMatchObject({ id: valid.id });
  });
});
