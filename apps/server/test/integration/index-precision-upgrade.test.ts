import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { indexPrecision } from '../../src/db/migrations/202612100000_index-precision.js';
import { MIGRATIONS } from '../../src/db/migrations/index.js';
import { migrateDown, migrateUp } from '../../src/db/migrator.js';
import { hnswIndexDdl, hnswIndexName, toVectorLiteral } from '../../src/db/vector-sql.js';
import { createServer } from '../../src/server.js';
import { captureWarnings } from '../support/capture-logger.js';
import { randomUnitVector, seededRandom } from '../support/embeddings.js';
import { createTestDatabase, identifyFace } from '../support/test-server.js';

const ADMIN_KEY = 'sa_index_precision_upgrade_admin_key';
const MODEL = 'default-512';

/**
 * A database from before models recorded their index precision, with a half-precision index: embedded PGlite
 * rebuilds it as float32 at startup (one connection, one process); PostgreSQL keeps it and says how to
 * rebuild. Identify finds the person before and after, through the index.
 */
describe.each(['pglite', 'postgres'] as const)('index precision of an existing model (%s)', (driver) => {
  it('is brought to the database precision on the embedded database, reported on PostgreSQL', async () => {
    const testDb = await createTestDatabase(driver);
    const dataDir = mkdtempSync(path.join(tmpdir(), 'attendance-index-precision-'));
    const face = randomUnitVector(512, seededRandom(driver === 'pglite' ? 61 : 62));
    try {
      await migrateUp(
        testDb.db,
        MIGRATIONS.filter((migration) => migration.id < indexPrecision.id),
      );
      await testDb.db.query('INSERT INTO recognition_model (id, dim) VALUES ($1, 512)', [MODEL]);
      await testDb.db.query(
        hnswIndexDdl({ id: MODEL, dim: 512, indexPrecision: 'halfvec' }, { m: 32, efConstruction: 256 }),
      );
      const { rows } = await testDb.db.query<{ id: string }>(
        `WITH person AS (INSERT INTO person (name) VALUES ('Ada') RETURNING id)
         INSERT INTO face_template (person_id, model, embedding)
         SELECT id, $1, $2::vector(512) FROM person RETURNING person_id AS id`,
        [MODEL, toVectorLiteral(face)],
      );
      const personId = rows[0]?.id;

      const capture = captureWarnings('HNSW index');
      const config = loadConfig({
        API_KEY: ADMIN_KEY,
        DATA_DIR: dataDir,
        LOG_FILE: 'false',
        ...(testDb.url ? { DATABASE_URL: testDb.url } : {}),
      });
      const server = await createServer(config, { db: testDb.db, logger: capture.logger });
      try {
        const identified = await identifyFace({ app: server.app, adminKey: ADMIN_KEY }, face);
        expect(identified.statusCode, identified.body).toBe(200);
        expect(
          identified.json<{ results: { person: { id: string } | null }[] }>().results[0]?.person?.id,
        ).toBe(personId);
      } finally {
        await server.close();
      }

      const expected = driver === 'pglite' ? 'vector' : 'halfvec';
      const model = await testDb.db.query<{ index_precision: string }>(
        'SELECT index_precision FROM recognition_model WHERE id = $1',
        [MODEL],
      );
      expect(model.rows[0]?.index_precision).toBe(expected);
      const index = await testDb.db.query<{ indexdef: string }>(
        'SELECT indexdef FROM pg_indexes WHERE indexname = $1',
        [hnswIndexName(MODEL)],
      );
      expect(index.rows[0]?.indexdef).toContain(
        `${expected}_cosine_ops) WITH (m='32', ef_construction='256')`,
      );
      expect(capture.warnings()).toEqual([]);

      // Down restores what the code before the migration searches: half-precision indexes.
      await migrateDown(testDb.db, MIGRATIONS);
      const reverted = await testDb.db.query<{ indexdef: string }>(
        'SELECT indexdef FROM pg_indexes WHERE indexname = $1',
        [hnswIndexName(MODEL)],
      );
      expect(reverted.rows[0]?.indexdef).toContain('halfvec_cosine_ops');
    } finally {
      await testDb.drop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 120_000);
});

describe('a float32 index on PostgreSQL (a database moved from an embedded installation)', () => {
  it('is searched through its own expression and reported with how to rebuild it', async () => {
    const testDb = await createTestDatabase('postgres');
    const dataDir = mkdtempSync(path.join(tmpdir(), 'attendance-index-precision-'));
    const face = randomUnitVector(512, seededRandom(63));
    try {
      await migrateUp(testDb.db, MIGRATIONS);
      const moved = { id: MODEL, dim: 512, indexPrecision: 'vector' } as const;
      await testDb.db.query(
        "INSERT INTO recognition_model (id, dim, index_precision) VALUES ($1, 512, 'vector')",
        [MODEL],
      );
      await testDb.db.query(hnswIndexDdl(moved, { m: 32, efConstruction: 256 }));
      const capture = captureWarnings('HNSW index');
      const config = loadConfig({
        API_KEY: ADMIN_KEY,
        DATA_DIR: dataDir,
        LOG_FILE: 'false',
        DATABASE_URL: testDb.url ?? '',
      });
      const server = await createServer(config, { db: testDb.db, logger: capture.logger });
      try {
        const person = await server.app.inject({
          method: 'POST',
          url: '/v1/people',
          headers: { 'x-api-key': ADMIN_KEY },
          payload: { name: 'Ada', templates: { model: MODEL, embeddings: [face] } },
        });
        expect(person.statusCode, person.body).toBe(201);
        const identified = await identifyFace({ app: server.app, adminKey: ADMIN_KEY }, face);
        expect(
          identified.json<{ results: { person: { id: string } | null }[] }>().results[0]?.person?.id,
        ).toBe(person.json<{ id: string }>().id);
      } finally {
        await server.close();
      }
      expect(capture.warnings().map((line) => line.msg)).toEqual([
        expect.stringContaining(`stores vector, not halfvec: rebuild it with POST /v1/models/${MODEL}/index`),
      ]);
    } finally {
      await testDb.drop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 120_000);
});
