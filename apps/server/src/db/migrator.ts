import type { Database, Queryable } from './database.js';
import type { Migration } from './migrations/migration.js';

export interface MigrationStatus {
  applied: string[];
  pending: string[];
}

// Held for the whole transaction, so two servers starting together apply migrations one after the other.
const LOCK_SQL = "SELECT pg_advisory_xact_lock(hashtext('attendance:migrations'))";
const TABLE_SQL = `CREATE TABLE IF NOT EXISTS schema_migrations (
  id text PRIMARY KEY,
  applied_at timestamptz NOT NULL DEFAULT now()
)`;

async function appliedIds(tx: Queryable): Promise<string[]> {
  const { rows } = await tx.query<{ id: string }>('SELECT id FROM schema_migrations ORDER BY id');
  return rows.map((row) => row.id);
}

/** Applied and pending migration ids, without taking the lock or creating anything. */
export async function migrationStatus(
  db: Database,
  migrations: readonly Migration[],
): Promise<MigrationStatus> {
  const { rows } = await db.query<{ exists: boolean }>(
    "SELECT to_regclass('schema_migrations') IS NOT NULL AS exists",
  );
  const applied = rows[0]?.exists ? await appliedIds(db) : [];
  return { applied, pending: migrations.map((m) => m.id).filter((id) => !applied.includes(id)) };
}

/**
 * Applies pending migrations (all, or the first `steps`) in one transaction under an advisory lock; all or
 * nothing. Returns the ids it applied.
 */
export async function migrateUp(
  db: Database,
  migrations: readonly Migration[],
  steps = Number.POSITIVE_INFINITY,
): Promise<string[]> {
  return db.transaction(async (tx) => {
    await tx.query(LOCK_SQL);
    await tx.query(TABLE_SQL);
    const applied = new Set(await appliedIds(tx));
    const pending = migrations.filter((m) => !applied.has(m.id)).slice(0, steps);
    for (const migration of pending) {
      for (const statement of migration.up) await tx.query(statement);
      await tx.query('INSERT INTO schema_migrations (id) VALUES ($1)', [migration.id]);
    }
    return pending.map((m) => m.id);
  });
}

/** Reverts the last `steps` applied migrations (default 1), newest first. Returns the ids it reverted. */
export async function migrateDown(
  db: Database,
  migrations: readonly Migration[],
  steps = 1,
): Promise<string[]> {
  return db.transaction(async (tx) => {
    await tx.query(LOCK_SQL);
    await tx.query(TABLE_SQL);
    const applied = await appliedIds(tx);
    const toRevert = applied.slice(-steps).reverse();
    for (const id of toRevert) {
      const migration = migrations.find((m) => m.id === id);
      if (!migration) throw new Error(`applied migration ${id} is unknown to this version`);
      for (const statement of migration.down) await tx.query(statement);
      await tx.query('DELETE FROM schema_migrations WHERE id = $1', [id]);
    }
    return toRevert;
  });
}

/** Human-readable status, one line per migration. */
export function migrateStatusLines(status: MigrationStatus): string[] {
  return [...status.applied.map((id) => `applied  ${id}`), ...status.pending.map((id) => `pending  ${id}`)];
}
