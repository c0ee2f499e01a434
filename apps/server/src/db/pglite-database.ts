import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';
import type { Database, Queryable, QueryResult } from './database.js';

type PgliteLike = Pick<PGlite, 'query'>;

/**
 * Memory for an HNSW build in the embedded database (PostgreSQL's default is 64 MB). pgvector builds the
 * graph in memory while it fits (about 1.7 KB per 512-d template, so ≈ 38k templates at 64 MB) and
 * continues on disk, many times slower, beyond: 256 MB keeps galleries up to ≈ 150k in memory. Used only
 * while an index is built.
 */
export const PGLITE_MAINTENANCE_WORK_MEM = '256MB';

const run = async <T>(pg: PgliteLike, sql: string, params: readonly unknown[]): Promise<QueryResult<T>> => {
  const result = await pg.query<T>(sql, [...params]);
  return { rows: result.rows, rowCount: result.affectedRows ?? 0 };
};

/**
 * Embedded PostgreSQL (PGlite, WebAssembly) with pgvector. One connection: PGlite serialises queries and
 * transactions itself, so advisory locks are trivially granted and the same SQL stays correct.
 */
export class PgliteDatabase implements Database {
  readonly driver = 'pglite' as const;

  private constructor(readonly pg: PGlite) {}

  /** `dataDir` undefined → in-memory (tests). */
  static async open(dataDir?: string): Promise<PgliteDatabase> {
    if (dataDir) mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    const pg = await PGlite.create({ ...(dataDir ? { dataDir } : {}), extensions: { vector } });
    // One connection for the process's lifetime: a session setting applies to every build.
    await pg.exec(`SET maintenance_work_mem = '${PGLITE_MAINTENANCE_WORK_MEM}'`);
    return new PgliteDatabase(pg);
  }

  query<T>(sql: string, params: readonly unknown[] = []): Promise<QueryResult<T>> {
    return run<T>(this.pg, sql, params);
  }

  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
    return this.pg.transaction((tx) =>
      fn({ query: <R>(sql: string, params: readonly unknown[] = []) => run<R>(tx, sql, params) }),
    );
  }

  async close(): Promise<void> {
    if (!this.pg.closed) await this.pg.close();
  }
}
