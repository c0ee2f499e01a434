import pg from 'pg';
import type { Database, Queryable, QueryOptions, QueryResult } from './database.js';
import { preparedStatementName } from './prepared-statement.js';
import { copyFrom } from './copy-from.js';
import { asDatabaseError } from './database-unavailable.js';

/** How long a request may wait for a connection (new or from the busy pool) before it is answered 503. */
const CONNECT_TIMEOUT_MS = 10_000;

const ignore = () => undefined;

/**
 * PostgreSQL through a `pg` connection pool. The pool reconnects by itself: connections that died with a
 * server restart are dropped and the next query opens a new one. Until then, connection failures surface
 * as `DatabaseUnavailableError` (answered 503 `database_unavailable`), never as a crash or a 500.
 */
export class PostgresDatabase implements Database {
  readonly driver = 'postgres' as const;
  readonly #pool: pg.Pool;

  constructor(connectionString: string, options: { poolSize?: number } = {}) {
    this.#pool = new pg.Pool({
      connectionString,
      max: options.poolSize ?? 10,
      connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    });
    // An idle client that dies (server restart) must not crash the process; the next query reconnects.
    this.#pool.on('error', ignore);
  }

  async query<T>(
    sql: string,
    params: readonly unknown[] = [],
    options: QueryOptions = {},
  ): Promise<QueryResult<T>> {
    try {
      const values = [...params];
      const result = await (options.prepare
        ? this.#pool.query({ name: preparedStatementName(sql), text: sql, values })
        : this.#pool.query(sql, values));
      return { rows: result.rows as T[], rowCount: result.rowCount ?? 0 };
    } catch (error) {
      throw asDatabaseError(error);
    }
  }

  async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
    const client = await this.#pool.connect().catch((error: unknown) => {
      throw asDatabaseError(error);
    });
    // A checked-out client has no pool listener: a connection killed between two statements would
    // otherwise emit an unhandled 'error' and end the process. The next statement fails instead.
    client.on('error', ignore);
    const release = (destroy: boolean) => {
      client.off('error', ignore);
      client.release(destroy);
    };
    const tx: Queryable = {
      async query<R>(sql: string, params: readonly unknown[] = []) {
        const result = await client.query(sql, [...params]);
        return { rows: result.rows as R[], rowCount: result.rowCount ?? 0 };
      },
      copyFrom: (sql, data) => copyFrom(client, sql, data),
    };
    try {
      await client.query('BEGIN');
      const value = await fn(tx);
      await client.query('COMMIT');
      release(false);
      return value;
    } catch (error) {
      try {
        await client.query('ROLLBACK');
        release(false);
      } catch {
        release(true);
      }
      throw asDatabaseError(error);
    }
  }

  poolStats(): { total: number; idle: number; waiting: number; max: number } {
    const pool = this.#pool;
    return {
      total: pool.totalCount,
      idle: pool.idleCount,
      waiting: pool.waitingCount,
      max: pool.options.max,
    };
  }

  async close(): Promise<void> {
    await this.#pool.end();
  }
}
