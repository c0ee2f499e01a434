import path from 'node:path';
import type { Database } from './database.js';
import { PgliteDatabase } from './pglite-database.js';
import { PostgresDatabase } from './postgres-database.js';

/** PostgreSQL when `databaseUrl` is set, otherwise PGlite persisted under `${dataDir}/pglite`. */
export async function createDatabase(options: {
  databaseUrl: string | undefined;
  dataDir: string;
  poolSize?: number;
}): Promise<Database> {
  if (options.databaseUrl) {
    return new PostgresDatabase(options.databaseUrl, { poolSize: options.poolSize ?? 10 });
  }
  return PgliteDatabase.open(path.join(options.dataDir, 'pglite'));
}
