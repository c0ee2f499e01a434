import type { Readiness } from '@attendance/protocol';
import type { CooldownStore } from '../cache/cooldown-store.js';
import type { Database } from '../db/database.js';
import { migrationStatus } from '../db/migrator.js';
import type { Migration } from '../db/migrations/migration.js';

export interface HealthServiceDeps {
  db: Database;
  cooldown: CooldownStore;
  migrations: readonly Migration[];
  version: string;
  /** Set while the server waits for the database at startup (e.g. "waiting for the database, attempt 3"). */
  startupReason: () => string | null;
  /** The dashboard's and kiosk's model files (reported; they do not decide readiness). */
  modelFiles?: () => Promise<{ status: 'ok' | 'missing' | 'wrong'; pack: string }>;
}

/** Liveness of the database and readiness of the whole server (database, cache, migrations). */
export class HealthService {
  #shuttingDown = false;

  constructor(private readonly deps: HealthServiceDeps) {}

  async isDatabaseUp(): Promise<boolean> {
    try {
      await this.deps.db.query('SELECT 1');
      return true;
    } catch {
      return false;
    }
  }

  /** From now on readiness answers `down`, so load balancers stop sending requests (graceful shutdown). */
  beginShutdown(): void {
    this.#shuttingDown = true;
  }

  /**
   * `ok` when everything is up; `degraded` when only the (optional) cache is not; `down` otherwise, and
   * always once shutdown began. Missing model files are reported under `models` but change neither: the
   * API (identify, enrollment from edges) works without them, and a load balancer must keep routing to it;
   * the Status page shows them red.
   */
  async readiness(): Promise<Readiness> {
    const databaseUp = await this.isDatabaseUp();
    const status = databaseUp
      ? await migrationStatus(this.deps.db, this.deps.migrations).catch(() => null)
      : null;
    const cache = this.deps.cooldown.health();
    const models = this.deps.modelFiles ? await this.deps.modelFiles().catch(() => null) : null;
    const reason = this.#shuttingDown
      ? 'shutting down'
      : (this.deps.startupReason() ??
        (status === null ? 'database unavailable' : status.pending.length > 0 ? 'migrations pending' : null));
    return {
      status: reason !== null ? 'down' : cache.status === 'up' ? 'ok' : 'degraded',
      ...(reason !== null && { reason }),
      database: { status: databaseUp ? 'up' : 'down', driver: this.deps.db.driver },
      cache,
      migrations: {
        applied: status?.applied.length ?? 0,
        pending: status?.pending.length ?? this.deps.migrations.length,
        latest: status?.applied.at(-1) ?? null,
      },
      version: this.deps.version,
      ...(models && { models: { status: models.status, pack: models.pack } }),
    };
  }
}
