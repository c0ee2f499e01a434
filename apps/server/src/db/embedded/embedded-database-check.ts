import type { Queryable } from '../database.js';
import type { DatabaseMarker } from './database-marker.js';
import { EmbeddedDataError } from './embedded-data-error.js';

/** Tables whose rows the marker counts (those that exist at the schema version at hand). */
const COUNTED_TABLES = [
  'person',
  'face_template',
  'attendance_event',
  'api_key',
  'audit_log',
  'camera',
  'recognition_model',
  'spoof_event',
] as const;

/** Tables that only an erasure (recorded in audit_log) may empty; the audit log itself only grows. */
const ERASABLE = ['person', 'face_template', 'attendance_event'];

/** Row count of every counted table that exists; `count(*)` reads every page, so a damaged file fails here. */
export async function countRows(db: Queryable): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of COUNTED_TABLES) {
    const exists = await db.query<{ ok: boolean }>('SELECT to_regclass($1) IS NOT NULL AS ok', [table]);
    if (!exists.rows[0]?.ok) continue;
    const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`);
    counts[table] = rows[0]?.n ?? 0;
  }
  return counts;
}

/** Main data file of every counted table that exists, relative to the data directory. */
export async function relationFiles(db: Queryable): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  for (const table of COUNTED_TABLES) {
    const { rows } = await db.query<{ file: string | null }>(
      'SELECT CASE WHEN to_regclass($1) IS NULL THEN NULL ELSE pg_relation_filepath($1) END AS file',
      [table],
    );
    const file = rows[0]?.file;
    if (file) files[table] = file;
  }
  return files;
}

/**
 * Startup integrity check of an embedded database this DATA_DIR held before (`marker`), run before any
 * migration could create tables: the catalog is readable, the marker's schema version and tables are there,
 * every table reads to its end, the audit log has not shrunk, and no table the marker saw filled is empty
 * unless an erasure was recorded since. Resolves with the current counts.
 */
export async function verifyEmbeddedDatabase(
  db: Queryable,
  dataDir: string,
  marker: DatabaseMarker,
): Promise<Record<string, number>> {
  const fail = (problem: string): never => {
    throw new EmbeddedDataError(dataDir, problem);
  };
  const step = async <T>(what: string, run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (error) {
      if (error instanceof EmbeddedDataError) throw error;
      return fail(`${what} failed (${error instanceof Error ? error.message : String(error)})`);
    }
  };
  await step('reading the catalog', () => db.query('SELECT count(*) FROM pg_catalog.pg_class'));
  const migrated = await step('reading schema_migrations', async () => {
    const exists = await db.query<{ ok: boolean }>(
      "SELECT to_regclass('schema_migrations') IS NOT NULL AS ok",
    );
    if (!exists.rows[0]?.ok) return [];
    return (await db.query<{ id: string }>('SELECT id FROM schema_migrations')).rows.map((row) => row.id);
  });
  if (migrated.length === 0) {
    fail(`the database is new (no migrations applied), but it held schema ${marker.schema} before`);
  }
  if (!migrated.includes(marker.schema)) {
    fail(`migration ${marker.schema}, applied before, is missing from schema_migrations`);
  }
  const counts = await step('counting rows', () => countRows(db));
  const missing = Object.keys(marker.counts).filter((table) => counts[table] === undefined);
  if (missing.length > 0) fail(`expected tables are missing: ${missing.join(', ')}`);
  const auditBefore = marker.counts['audit_log'] ?? 0;
  if ((counts['audit_log'] ?? 0) < auditBefore) {
    fail(
      `audit_log has ${String(counts['audit_log'])} rows, fewer than the ${String(auditBefore)} it had (it only grows)`,
    );
  }
  const emptied = ERASABLE.filter((table) => (marker.counts[table] ?? 0) > 0 && counts[table] === 0);
  if (emptied.length > 0) {
    const erasures = await step('reading audit_log', () =>
      db.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM audit_log WHERE action = 'person.erased' AND occurred_at > $1",
        [marker.writtenAt],
      ),
    );
    if ((erasures.rows[0]?.n ?? 0) === 0) {
      const was = emptied.map((table) => `${table} ${String(marker.counts[table])} → 0`).join(', ');
      fail(`rows are gone without a recorded erasure since ${marker.writtenAt} (${was})`);
    }
  }
  return counts;
}
