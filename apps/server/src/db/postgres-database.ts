import pg from 'pg';
import type { Database, Queryable, QueryResult } from './database.js';

/** PostgreSQL through a `pg` connection pool. */
export class PostgresDatabase implements Database {
  readonly driver = 'postgres' as const;
  readonly #pool: pg.Pool;

  constructor(connectionString: string, options: { poolSize?: number } = {}) {
    this.#pool = new pg.Pool({ connectionString, max: options.poolSize ?? 10 });
    // An idle client that dies (server restart) must not crash the process; the next query reconnects.
    this.#pool.on('error', () => undefined);
  }

  async query<T>(sql: string, params: readonly unknown[] = []): Promise<QueryResult<T>> {
    const result = await this.#pool.query(sql, [...params]);
    return { rows: result.rows as T[], rowCount: result.rowCount ?? 0 };
  }

  async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
    const client = await this.#pool.connect();
    const tx: Queryable = {
      async query<R>(sql: string, params: readonly unknown[] = []) {
        const result = await client.query(sql, [...params]);
        return { rows: result.rows as R[], rowCount: result.rowCount ?? 0 };
      },
    };
    try {
      await client.query('BEGIN');
      const value = await fn(tx);
      await client.query('COMMIT');
      client.release();
      return value;
    } catch (error) {
      try {
        await client.query('ROLLBACK');
        client.release();
      } catch {
        client.release(true);
      }
      throw error;
    }
  }

  async close(): Promise<void> {
    await this.#pool.end();
  }
}
