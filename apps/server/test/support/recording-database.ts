import type { Database, Queryable, QueryOptions } from '../../src/db/database.js';

/** One statement a {@link recordingDatabase} ran: its first line and its parameters. */
export interface RecordedStatement {
  firstLine: string;
  params: readonly unknown[];
}

/** `db` with every statement it runs (transactions included) appended to `statements`. */
export function recordingDatabase(db: Database, statements: RecordedStatement[]): Database {
  const record =
    (queryable: Queryable): Queryable['query'] =>
    (sql: string, params?: readonly unknown[], options?: QueryOptions) => {
      statements.push({ firstLine: sql.trim().split('\n')[0] ?? sql, params: params ?? [] });
      return queryable.query(sql, params, options);
    };
  return {
    driver: db.driver,
    query: record(db),
    transaction: (fn) => db.transaction((tx) => fn({ ...tx, query: record(tx) })),
    close: () => db.close(),
  };
}
