import type { Logger } from 'pino';
import type { Database } from '../db/database.js';

/**
 * The embedded database (PGlite: PostgreSQL compiled to WebAssembly, single-threaded) answers identify in
 * under ~20 ms only up to some gallery size (bench/RESULTS.md, "Scale: embedded PGlite"). Beyond `limit`
 * templates, logs a warning recommending PostgreSQL. Returns the gallery size it counted (PGlite only).
 */
export async function warnIfEmbeddedGalleryTooLarge(
  db: Database,
  limit: number,
  logger: Pick<Logger, 'warn'>,
): Promise<number | undefined> {
  if (db.driver !== 'pglite') return undefined;
  const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM face_template');
  const templates = rows[0]?.n ?? 0;
  if (templates > limit) {
    logger.warn(
      { templates, limit },
      `the embedded database holds ${templates} face templates (more than PGLITE_GALLERY_WARN_TEMPLATES=${limit}); ` +
        'identify may take longer than 20 ms: set DATABASE_URL to use PostgreSQL for a gallery this size',
    );
  }
  return templates;
}
