import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../src/db/migrations/index.js';
import { migrateUp } from '../../src/db/migrator.js';
import { ModelIndexRepository } from '../../src/repositories/model-index.repository.js';
import { ModelRepository } from '../../src/repositories/model.repository.js';
import { warnAboutSparserIndexes } from '../../src/services/sparse-index-warning.js';
import { captureWarnings, type CapturedLogLine } from '../support/capture-logger.js';
import { RestartableServer } from '../support/restartable-server.js';
import { createTestDatabase, type TestDatabase } from '../support/test-server.js';

const repositories = { models: new ModelRepository(), indexes: new ModelIndexRepository() };

type IndexWarning = CapturedLogLine & { model?: string };

/** A logger whose warnings about HNSW indexes are collected. */
const warningLog = () => captureWarnings<IndexWarning>('HNSW index');

describe.each(['pglite', 'postgres'] as const)('sparser-index warning (%s)', (driver) => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase(driver);
    await migrateUp(database.db, MIGRATIONS);
    await database.db.transaction(async (tx) => {
      await repositories.models.register(
        tx,
        { id: 'door-8', dim: 8, indexPrecision: 'halfvec' },
        { m: 8, efConstruction: 32 },
      );
      await repositories.models.register(
        tx,
        { id: 'door-16', dim: 8, indexPrecision: 'halfvec' },
        { m: 16, efConstruction: 64 },
      );
    });
  });
  afterAll(async () => {
    await database?.drop();
  });

  it('reads back the m and ef_construction each index was built with', async () => {
    expect((await repositories.indexes.find(database.db, 'door-8'))?.hnsw).toEqual({
      m: 8,
      efConstruction: 32,
    });
    expect((await repositories.indexes.find(database.db, 'door-16'))?.hnsw).toEqual({
      m: 16,
      efConstruction: 64,
    });
  });

  it('warns about each index built sparser than configured, naming how to rebuild it', async () => {
    const { logger, warnings } = warningLog();
    expect(
      await warnAboutSparserIndexes(database.db, repositories, { m: 16, efConstruction: 64 }, logger),
    ).toEqual(['door-8']);
    expect(warnings()).toHaveLength(1);
    expect(warnings()[0]?.msg).toContain('m=8, ef_construction=32');
    expect(warnings()[0]?.msg).toContain('POST /v1/models/door-8/index');
  });

  it('warns about a lower ef_construction alone, and stays quiet when every index is as dense as configured', async () => {
    const quiet = warningLog();
    expect(
      await warnAboutSparserIndexes(database.db, repositories, { m: 8, efConstruction: 32 }, quiet.logger),
    ).toEqual([]);
    expect(quiet.warnings()).toEqual([]);
    const efConstruction = warningLog();
    expect(
      await warnAboutSparserIndexes(
        database.db,
        repositories,
        { m: 8, efConstruction: 64 },
        efConstruction.logger,
      ),
    ).toEqual(['door-8']);
  });
});

describe('sparser-index warning at server startup', () => {
  let restartable: RestartableServer;

  beforeAll(async () => {
    restartable = await RestartableServer.open();
  });
  afterAll(async () => {
    await restartable?.close();
  });

  async function startWith(m: string) {
    const { server, warnings } = await restartable.start<IndexWarning>({ HNSW_M: m }, 'HNSW index');
    await server.close();
    return warnings();
  }

  it('names the default model once its index is sparser than HNSW_M, and not before', async () => {
    expect(await startWith('8')).toEqual([]); // builds the default model's index at m 8
    const warnings = await startWith('16');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.model).toBe('default-512');
  });
});
