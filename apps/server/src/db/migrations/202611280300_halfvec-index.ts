import type { Migration } from './migration.js';

/**
 * Storage decision of the scale benchmark (bench/RESULTS.md, "Scale: storage"):
 * - face_template.embedding is kept inline (STORAGE MAIN) instead of being moved to TOAST: a 512-d float32
 *   vector (2 KB) exceeds the 2 KB TOAST threshold, and reading it back through TOAST slows index builds and
 *   exact scans. MAIN rather than PLAIN so a 2,000-d template with a long model id still fits a row.
 *   Applies to rows written from now on (VACUUM FULL face_template rewrites older rows).
 * - each model's HNSW index is built over `embedding::halfvec(dim)` (half the size of a float32 index, same
 *   recall); queries re-rank the nearest candidates with full-precision distances. Existing indexes are
 *   rebuilt here with the same name, m and ef_construction.
 */
export const swapIndexes = (from: string, to: string) => `DO $$
DECLARE idx record;
BEGIN
  FOR idx IN SELECT indexname, indexdef FROM pg_indexes
             WHERE tablename = 'face_template' AND indexdef LIKE '%USING hnsw%${from}_cosine_ops%'
  LOOP
    EXECUTE format('DROP INDEX %I', idx.indexname);
    EXECUTE replace(replace(idx.indexdef, '::${from}(', '::${to}('), '${from}_cosine_ops', '${to}_cosine_ops');
  END LOOP;
END $$`;

export const halfvecIndex: Migration = {
  id: '202611280300_halfvec-index',
  up: ['ALTER TABLE face_template ALTER COLUMN embedding SET STORAGE MAIN', swapIndexes('vector', 'halfvec')],
  down: [
    swapIndexes('halfvec', 'vector'),
    'ALTER TABLE face_template ALTER COLUMN embedding SET STORAGE EXTENDED',
  ],
};
