import type { Logger } from 'pino';
import type { Config } from '../config.js';
import { createDatabase } from '../db/create-database.js';
import type { Database } from '../db/database.js';
import { writeMarker } from '../db/embedded/database-marker.js';
import { countRows, relationFiles } from '../db/embedded/embedded-database-check.js';
import { GatedDatabase } from '../db/gated-database.js';
import { DatabaseOutageLog } from '../plugins/database-outage-log.js';
import type { Closers } from './closers.js';

/** The embedded database's marker (row counts) is also refreshed this often while running. */
const MARKER_REFRESH_MS = 10 * 60_000;

export interface Storage {
  /** The database itself: startup connects and migrates through it. */
  rawDb: Database;
  /** The database as the services see it: "unavailable" until startup opens it. */
  db: GatedDatabase;
  outageLog: DatabaseOutageLog;
  /** The embedded database of DATA_DIR (not an injected or in-memory one): it keeps a marker. */
  embedded: boolean;
  marker: EmbeddedMarker;
}

/** Phase 2: the database (created, or injected and then not closed here) behind its gate. */
export async function storagePhase(
  config: Config,
  injectedDb: Database | undefined,
  logger: Logger,
  closers: Closers,
): Promise<Storage> {
  const rawDb = injectedDb ?? (await createDatabase({ ...config, poolSize: config.dbPoolSize }));
  const outageLog = new DatabaseOutageLog(logger, config.databaseUnavailable.logIntervalMs);
  const db = new GatedDatabase(rawDb, () => outageLog.recovered());
  const marker = new EmbeddedMarker(rawDb, config.dataDir, logger);
  if (!injectedDb) closers.add(() => rawDb.close());
  closers.add(() => marker.stop());
  closers.add(() => outageLog.close());
  return { rawDb, db, outageLog, embedded: rawDb.driver === 'pglite' && !injectedDb, marker };
}

/** Row counts and relation files of the embedded database, written to DATA_DIR: see database-marker.ts. */
export class EmbeddedMarker {
  #live = false;
  readonly #timer: NodeJS.Timeout;

  constructor(
    private readonly db: Database,
    private readonly dataDir: string,
    private readonly logger: Logger,
  ) {
    this.#timer = setInterval(() => {
      this.refresh().catch((error: unknown) =>
        logger.warn({ err: error }, 'could not refresh the embedded database marker'),
      );
    }, MARKER_REFRESH_MS);
    this.#timer.unref();
  }

  /** From now on the marker describes the database (once it is verified and migrated). */
  async start(): Promise<void> {
    this.#live = true;
    await this.refresh();
  }

  async refresh(): Promise<void> {
    if (!this.#live) return;
    const { rows } = await this.db.query<{ id: string }>('SELECT max(id) AS id FROM schema_migrations');
    const counts = await countRows(this.db);
    writeMarker(this.dataDir, {
      format: 1,
      schema: rows[0]?.id ?? '',
      writtenAt: new Date().toISOString(),
      counts,
      files: await relationFiles(this.db),
    });
  }

  async stop(): Promise<void> {
    clearInterval(this.#timer);
    await this.refresh().catch((error: unknown) =>
      this.logger.warn({ err: error }, 'could not refresh the embedded database marker at shutdown'),
    );
    this.#live = false;
  }
}
