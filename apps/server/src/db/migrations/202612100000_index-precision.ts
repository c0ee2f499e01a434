import { swapIndexes } from './202611280300_halfvec-index.js';
import type { Migration } from './migration.js';

/**
 * Each model records the precision of its HNSW index, since embedded PGlite builds float32 indexes
 * (`preferredIndexPrecision`). Every index is half precision since 202611280300_halfvec-index, so existing
 * models get `halfvec`; embedded installations convert theirs at startup. Down builds half-precision indexes
 * again, as the code before this migration searches them.
 */
export const indexPrecision: Migration = {
  id: '202612100000_index-precision',
  up: [
    `ALTER TABLE recognition_model
       ADD COLUMN index_precision text NOT NULL DEFAULT 'halfvec'
         CONSTRAINT recognition_model_index_precision CHECK (index_precision IN ('halfvec', 'vector'))`,
  ],
  down: [
    swapIndexes('vector', 'halfvec'),
    'ALTER TABLE recognition_model DROP COLUMN IF EXISTS index_precision',
  ],
};
