import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toVectorLiteral } from '../../src/db/vector-sql.js';
import { migrateUp } from '../../src/db/migrator.js';
import { MIGRATIONS } from '../../src/db/migrations/index.js';
import { BulkEnrollmentRepository } from '../../src/repositories/bulk-enrollment.repository.js';
import { randomUnitVector, seededRandom } from '../support/embeddings.js';
import { createTestDatabase, type TestDatabase, type TestDriver } from '../support/test-server.js';

const MODEL = 'copy-test-8';

/**
 * The bulk import's template writer on both drivers: binary COPY on PostgreSQL, one INSERT on PGlite. Both
 * must store exactly the float32 values given, and a failure must leave the transaction's other writes
 * rolled back and the connection usable.
 */
describe.each<TestDriver>(['postgres', 'pglite'])('bulk template writer (%s)', (driver) => {
  let database: TestDatabase;
  const repository = new BulkEnrollmentRepository();
  const random = seededRandom(driver === 'postgres' ? 5 : 6);

  beforeAll(async () => {
    database = await createTestDatabase(driver);
    await migrateUp(database.db, MIGRATIONS);
    await database.db.query('INSERT INTO recognition_model (id, dim) VALUES ($1, 8)', [MODEL]);
  });
  afterAll(async () => {
    await database?.drop();
  });

  const people = (n: number) =>
    Array.from({ length: n }, (_, i) => ({
      id: randomUUID(),
      name: `Copy ${i}`,
      externalId: null,
      role: 'employee',
      active: true,
    }));

  it(`writes every template bit-exactly (${driver === 'postgres' ? 'COPY' : 'INSERT'})`, async () => {
    const batch = people(3);
    const vectors = Array.from({ length: 7 }, () => Float32Array.from(randomUnitVector(8, random)));
    vectors.push(new Float32Array([1e-38, -0, 3.4e38, -1.5e-45, 0.1, 1 / 3, -2, 7]));
    const personIds = vectors.map((_, i) => batch[i % batch.length]?.id ?? '');
    const written = await database.db.transaction(async (tx) => {
      expect('copyFrom' in tx).toBe(driver === 'postgres');
      await repository.insertPeople(tx, batch);
      return repository.insertTemplates(tx, { model: MODEL, dim: 8, personIds, vectors });
    });
    expect(written).toBe(vectors.length);
    for (const [i, vector] of vectors.entries()) {
      const { rows } = await database.db.query<{ person_id: string; text: string }>(
        `SELECT person_id, embedding::text AS text FROM face_template
         WHERE model = $1 AND embedding = $2::vector`,
        [MODEL, toVectorLiteral(vector)],
      );
      expect(rows.map((r) => r.person_id)).toEqual([personIds[i]]);
      const stored = Float32Array.from(JSON.parse(rows[0]?.text ?? '[]') as number[]);
      expect(Array.from(new Uint32Array(stored.buffer))).toEqual(Array.from(new Uint32Array(vector.buffer)));
    }
  });

  it('a template the database refuses rolls back the whole batch; the connection stays usable', async () => {
    const count = async () =>
      (await database.db.query<{ n: number }>('SELECT count(*)::int AS n FROM face_template')).rows[0]?.n;
    const before = await count();
    const personsBefore = (await database.db.query('SELECT id FROM person')).rows.length;
    const batch = people(2);
    const vectors = [
      Float32Array.from(randomUnitVector(8, random)),
      Float32Array.from(randomUnitVector(8, random)),
    ];
    // The second template names a person that does not exist: the foreign key refuses it.
    const personIds = [batch[0]?.id ?? '', randomUUID()];
    await expect(
      database.db.transaction(async (tx) => {
        await repository.insertPeople(tx, batch);
        await repository.insertTemplates(tx, { model: MODEL, dim: 8, personIds, vectors });
      }),
    ).rejects.toMatchObject({ code: '23503' });
    expect(await count()).toBe(before);
    expect((await database.db.query('SELECT id FROM person')).rows).toHaveLength(personsBefore);
    // Every pooled connection still answers (none was left inside a failed COPY).
    const answers = await Promise.all(
      Array.from({ length: 15 }, () => database.db.transaction((tx) => tx.query('SELECT 1 AS one'))),
    );
    expect(answers.every((a) => a.rows.length === 1)).toBe(true);
  });

  it.runIf(driver === 'postgres')('a COPY the server rejects outright fails cleanly', async () => {
    await expect(
      database.db.transaction(async (tx) =>
        tx.copyFrom?.('COPY no_such_table FROM STDIN (FORMAT binary)', new Uint8Array()),
      ),
    ).rejects.toMatchObject({ code: '42P01' });
    await expect(
      database.db.transaction(async (tx) =>
        tx.copyFrom?.(
          'COPY face_template (person_id) FROM STDIN (FORMAT binary)',
          Buffer.from('not a copy file'),
        ),
      ),
    ).rejects.toMatchObject({ code: '22P04' });
    expect((await database.db.transaction((tx) => tx.query('SELECT 2 AS two'))).rows).toEqual([{ two: 2 }]);
  });
});
