import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hnswIndexName, preferredIndexPrecision, toVectorLiteral } from '../../src/db/vector-sql.js';
import { PgliteDatabase } from '../../src/db/pglite-database.js';
import type { Queryable } from '../../src/db/database.js';
import { TemplateRepository } from '../../src/repositories/template.repository.js';
import { randomUnitVector, seededRandom } from '../support/embeddings.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

const MODEL = 'default-512';

// Embedded PGlite indexes float32 vectors, PostgreSQL half precision (preferredIndexPrecision).
describe.each(['pglite', 'postgres'] as const)(
  'nearest-template query: HNSW index use and per-transaction ef_search (%s)',
  (driver) => {
    let server: TestServer;
    const random = seededRandom(41);
    const templates = new TemplateRepository();
    const precision = preferredIndexPrecision(driver);
    const SEARCH = {
      model: MODEL,
      dim: 512,
      indexPrecision: precision,
      limit: 10,
      activeOnly: true,
    } as const;

    beforeAll(async () => {
      server = await startTestServer({ driver });
      const headers = { 'x-api-key': server.adminKey };
      for (let i = 0; i < 20; i++) {
        await server.app.inject({
          method: 'POST',
          url: '/v1/people',
          headers,
          payload: {
            name: `Indexed ${i}`,
            templates: { model: MODEL, embeddings: [randomUnitVector(512, random)] },
          },
        });
      }
      await server.db.query('ANALYZE face_template');
    });
    afterAll(async () => {
      await server?.close();
    });

    const explain = (sql: string, probe: string) =>
      server.db.transaction(async (tx) => {
        await tx.query("SELECT set_config('enable_seqscan', 'off', true)");
        await templates.setEfSearch(tx, 40);
        const { rows } = await tx.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${sql}`, [probe]);
        return rows.map((row) => row['QUERY PLAN']).join('\n');
      });

    it('the partial expression index exists for the default model, at the precision the model records', async () => {
      const { rows } = await server.db.query<{ indexdef: string }>(
        'SELECT indexdef FROM pg_indexes WHERE indexname = $1',
        [hnswIndexName(MODEL)],
      );
      expect(rows[0]?.indexdef).toContain(
        `USING hnsw (((embedding)::${precision}(512)) ${precision}_cosine_ops)`,
      );
      expect(rows[0]?.indexdef).toContain(`WHERE (model = '${MODEL}'::text)`);
      const model = await server.db.query<{ index_precision: string }>(
        'SELECT index_precision FROM recognition_model WHERE id = $1',
        [MODEL],
      );
      expect(model.rows[0]?.index_precision).toBe(precision);
    });

    it('EXPLAIN shows an index scan on it', async () => {
      const sql = templates.nearestSql(SEARCH);
      const plan = await explain(sql, toVectorLiteral(randomUnitVector(512, random)));
      expect(plan).toContain(`Index Scan using ${hnswIndexName(MODEL)}`);
    });

    it('ef_search is set for the transaction only (set_config with a bind parameter, not SET LOCAL $1)', async () => {
      const inside = await server.db.transaction(async (tx) => {
        await templates.setEfSearch(tx, 123);
        const { rows } = await tx.query<{ ef: string }>("SELECT current_setting('hnsw.ef_search') AS ef");
        return rows[0]?.ef;
      });
      expect(inside).toBe('123');
      const { rows } = await server.db.query<{ ef: string }>(
        "SELECT current_setting('hnsw.ef_search', true) AS ef",
      );
      expect(rows[0]?.ef).not.toBe('123');

      // PGlite has exactly one connection, so this also proves the value does not outlive the transaction.
      const single = await PgliteDatabase.open();
      try {
        await single.query('CREATE EXTENSION IF NOT EXISTS vector');
        await single.transaction((tx) => templates.setEfSearch(tx, 123));
        const after = await single.query<{ ef: string }>("SELECT current_setting('hnsw.ef_search') AS ef");
        expect(after.rows[0]?.ef).toBe('40');
      } finally {
        await single.close();
      }
    });

    it('with efSearch the one statement sets the breadth itself, for that statement only (no transaction)', async () => {
      const probe = Float32Array.from(randomUnitVector(512, random));
      // 20 templates: the planner only uses the index with seq scans off (set first, in a transaction).
      const withoutSeqScan = <T>(work: (tx: Queryable) => Promise<T>) =>
        server.db.transaction(async (tx) => {
          await tx.query("SELECT set_config('enable_seqscan', 'off', true)");
          return work(tx);
        });
      const find = (efSearch: number) =>
        withoutSeqScan((tx) => templates.findNearest(tx, { ...SEARCH, probe, efSearch }));
      // pgvector returns at most ef_search rows from an HNSW scan: 2 proves the value reached the scan.
      expect(await find(2)).toHaveLength(2);
      const found = await find(40);
      expect(found).toHaveLength(10);
      // The probe goes out in pgvector's binary form: same candidates and similarities as the text literal.
      const text = await withoutSeqScan(async (tx) => {
        const sql = templates.nearestSql({ ...SEARCH, efSearch: 40 });
        const { rows } = await tx.query<{ person_id: string; similarity: number }>(sql, [
          toVectorLiteral(probe),
          '40',
        ]);
        return rows;
      });
      expect(found.map((c) => [c.personId, c.similarity])).toEqual(
        text.map((r) => [r.person_id, Number(r.similarity)]),
      );
      const sql = templates.nearestSql({ ...SEARCH, efSearch: 2 });
      const plan = await withoutSeqScan(async (tx) => {
        const { rows } = await tx.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${sql}`, [
          toVectorLiteral(probe),
          '2',
        ]);
        return rows.map((row) => row['QUERY PLAN']).join('\n');
      });
      expect(plan).toContain(`Index Scan using ${hnswIndexName(MODEL)}`);

      // One connection: the value set by the statement must be gone for the next one.
      const single = await PgliteDatabase.open();
      try {
        await single.query('CREATE EXTENSION IF NOT EXISTS vector');
        await single.query(
          'CREATE TABLE person (id uuid PRIMARY KEY, name text, external_id text, active boolean)',
        );
        await single.query('CREATE TABLE face_template (person_id uuid, model text, embedding vector)');
        await templates.findNearest(single, { ...SEARCH, probe, efSearch: 123 });
        const after = await single.query<{ ef: string }>("SELECT current_setting('hnsw.ef_search') AS ef");
        expect(after.rows[0]?.ef).toBe('40');
      } finally {
        await single.close();
      }
    });
  },
);
