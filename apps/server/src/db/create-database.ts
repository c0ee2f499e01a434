import path from 'node:path';
import type { Database } from './database.js';
import { readMarker } from './embedded/database-marker.js';
import { EmbeddedDataError, isPgliteAbort } from './embedded/embedded-data-error.js';
import { assertEmbeddedFilesIntact } from './embedded/embedded-files-check.js';
import { PgliteDatabase } from './pglite-database.js';
import { PostgresDatabase } from './postgres-database.js';

/**
 * PostgreSQL when `databaseUrl` is set, otherwise PGlite persisted under `${dataDir}/pglite`. The embedded
 * files are checked first (see {@link assertEmbeddedFilesIntact}) and a PGlite abort becomes an
 * {@link EmbeddedDataError} that says what to do.
 */
export async function createDatabase(options: {
  databaseUrl: string | undefined;
  dataDir: string;
  poolSize?: number;
}): Promise<Database> {
  if (options.databaseUrl) {
    return new PostgresDatabase(options.databaseUrl, { poolSize: options.poolSize ?? 10 });
  }
  assertEmbeddedFilesIntact(options.dataDir, readMarker(options.dataDir));
  try {
    return await PgliteDatabase.open(path.join(options.dataDir, 'pglite'));
  } catch (error) {
    if (!isPgliteAbort(error)) throw error;
    throw new EmbeddedDataError(
      options.dataDir,
      `PGlite aborted while opening it (${error instanceof Error ? error.message.split('.')[0] : 'no message'})`,
    );
  }
}
