import type { Database, Queryable, QueryOptions, QueryResult } from './database.js';
import { DatabaseUnavailableError } from './database-unavailable.js';

const notConnectedYet = () =>
  new DatabaseUnavailableError({ cause: new Error('not connected yet (server starting)') });

/**
 * The database as the services see it. Until {@link open} (connected and migrated at startup) every
 * statement fails with {@link DatabaseUnavailableError}, so requests answer 503 `database_unavailable`
 * exactly as during an outage while running. `onAvailable` runs after each statement or transaction that
 * succeeded (the outage log notices recovery through it).
 */
export class GatedDatabase implements Database {
  readonly driver: Database['driver'];
  readonly poolStats?: () => { total: number; idle: number; waiting: number; max: number };
  #open = false;

  constructor(
    private readonly inner: Database,
    private readonly onAvailable: () => void = () => undefined,
  ) {
    this.driver = inner.driver;
    if (inner.poolStats) this.poolStats = inner.poolStats.bind(inner);
  }

  get isOpen(): boolean {
    return this.#open;
  }

  open(): void {
    this.#open = true;
  }

  async query<T>(sql: string, params?: readonly unknown[], options?: QueryOptions): Promise<QueryResult<T>> {
    if (!this.#open) throw notConnectedYet();
    const result = await this.inner.query<T>(sql, params, options);
    this.onAvailable();
    return result;
  }

  async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
    if (!this.#open) throw notConnectedYet();
    const result = await this.inner.transaction(fn);
    this.onAvailable();
    return result;
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
