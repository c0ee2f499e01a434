/** Result of one statement: rows plus the number of rows a write touched. */
export interface QueryResult<T> {
  rows: T[];
  rowCount: number;
}

export interface QueryOptions {
  /**
   * A hot statement of fixed text: PostgreSQL keeps it parsed and planned on each pooled connection (a named
   * prepared statement), saving its parse and plan on every later run. PGlite ignores it.
   */
  prepare?: boolean;
}

/** Anything that runs SQL: the database itself or an open transaction. */
export interface Queryable {
  /** Runs one parameterised statement (`$1`, `$2`, …). The same SQL is valid on both drivers. */
  query<T = Record<string, unknown>>(
    sql: string,
    params?: readonly unknown[],
    options?: QueryOptions,
  ): Promise<QueryResult<T>>;
  /**
   * `COPY … FROM STDIN` with the whole input in `data` (PostgreSQL inside a transaction only; PGlite and
   * the pool leave it undefined and callers fall back to INSERT). Resolves with the number of rows copied.
   */
  copyFrom?(sql: string, data: Uint8Array): Promise<number>;
}

/**
 * The one thin SQL interface of the server. PostgreSQL (`pg` pool) and embedded PGlite implement it with
 * identical SQL, so every repository and test runs on both.
 */
export interface Database extends Queryable {
  readonly driver: 'postgres' | 'pglite';
  /** Runs `fn` in one transaction: COMMIT when it resolves, ROLLBACK when it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
  /** Connections of a pool (PostgreSQL only), for metrics. */
  poolStats?(): { total: number; idle: number; waiting: number; max: number };
}
