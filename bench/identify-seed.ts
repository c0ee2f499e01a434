import type { Database } from '../apps/server/src/db/database.js';

/**
 * Grows the gallery of `model` to `total` templates (one person each) with random unit vectors generated
 * inside PostgreSQL, then rebuilds the model's HNSW index in bulk (much faster than incremental inserts).
 */
export async function seedTemplates(
  db: Database,
  options: { model: string; dim: number; total: number },
): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM face_template WHERE model = $1',
    [options.model],
  );
  const missing = options.total - (rows[0]?.n ?? 0);
  if (missing <= 0) return 0;
  const index = await db.query<{ indexname: string; indexdef: string }>(
    `SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'face_template' AND indexdef LIKE '%USING hnsw%'`,
  );
  for (const { indexname } of index.rows) await db.query(`DROP INDEX ${indexname}`);
  const batch = 10_000;
  for (let done = 0; done < missing; done += batch) {
    const n = Math.min(batch, missing - done);
    await db.transaction(async (tx) => {
      await tx.query(
        `WITH people AS (
           INSERT INTO person (name, external_id)
           SELECT 'Bench ' || g, 'BENCH-' || md5(random()::text) FROM generate_series(1, $1) g RETURNING id
         )
         INSERT INTO face_template (person_id, model, embedding)
         SELECT p.id, $2, l2_normalize(v.values::vector)
         FROM people p
         CROSS JOIN LATERAL (
           SELECT array_agg(random() - 0.5) AS values FROM generate_series(1, $3) WHERE p.id IS NOT NULL
         ) v`,
        [n, options.model, options.dim],
      );
    });
  }
  await db.transaction(async (tx) => {
    await tx.query("SELECT set_config('maintenance_work_mem', '1GB', true)");
    for (const { indexdef } of index.rows) await tx.query(indexdef);
  });
  await db.query('ANALYZE face_template');
  await db.query('ANALYZE person');
  return missing;
}

/** `count` stored templates of `model`, as arrays, for building probes. */
export async function sampleTemplates(db: Database, model: string, count: number): Promise<number[][]> {
  const { rows } = await db.query<{ embedding: string }>(
    'SELECT embedding::text AS embedding FROM face_template WHERE model = $1 ORDER BY random() LIMIT $2',
    [model, count],
  );
  return rows.map((row) => JSON.parse(row.embedding) as number[]);
}
