import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import type { DatabaseMarker } from './database-marker.js';
import { EmbeddedDataError } from './embedded-data-error.js';

/** PostgreSQL's control file is one 8 KiB block; anything shorter makes PGlite abort without a message. */
const PG_CONTROL_BYTES = 8192;

/**
 * Checks the embedded database's files BEFORE PGlite opens them: PGlite creates a fresh cluster in a
 * directory without `PG_VERSION` (over whatever is there) and aborts on a short `pg_control`. With a
 * marker, the directory must exist; without one, a non-empty directory must still look like a cluster.
 */
export function assertEmbeddedFilesIntact(dataDir: string, marker: DatabaseMarker | null): void {
  const pglite = path.join(dataDir, 'pglite');
  const fail = (problem: string): never => {
    throw new EmbeddedDataError(dataDir, problem);
  };
  const present = existsSync(pglite) ? readdirSync(pglite) : [];
  if (present.length === 0) {
    if (marker) {
      fail(`${pglite} is missing or empty, but ${dataDir} held a database before (schema ${marker.schema})`);
    }
    return;
  }
  if (!present.includes('PG_VERSION')) fail(`${path.join(pglite, 'PG_VERSION')} is missing`);
  const control = path.join(pglite, 'global', 'pg_control');
  if (!existsSync(control)) fail(`${control} is missing`);
  const size = statSync(control).size;
  if (size !== PG_CONTROL_BYTES) {
    fail(`${control} is ${String(size)} bytes instead of ${String(PG_CONTROL_BYTES)}`);
  }
  for (const [table, file] of Object.entries(marker?.files ?? {})) {
    const rows = marker?.counts[table] ?? 0;
    const full = path.join(pglite, file);
    if (rows > 0 && (!existsSync(full) || statSync(full).size === 0)) {
      fail(
        `${full}, the file of table ${table} (${String(rows)} rows), is ${existsSync(full) ? 'empty' : 'missing'}`,
      );
    }
  }
}
