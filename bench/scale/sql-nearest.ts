import pg from 'pg';
import { toVectorLiteral } from '../../apps/server/src/db/vector-sql.js';
import { TemplateRepository } from '../../apps/server/src/repositories/template.repository.js';

export type IndexType = 'vector' | 'halfvec';

/**
 * The product's nearest-template statement (TemplateRepository.nearestSql), run directly on a pg client in
 * its own transaction with `hnsw.ef_search` set, as the server does. The product orders by
 * `embedding::halfvec(dim)` (its index); for a float32 `vector` index the casts are `::vector(dim)`.
 */
export class SqlNearest {
  readonly #client: pg.Client;
  readonly #sql: string;

  private constructor(client: pg.Client, sql: string) {
    this.#client = client;
    this.#sql = sql;
  }

  static async open(
    url: string,
    options: { model: string; dim: number; limit: number; indexType: IndexType },
  ) {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    let sql = new TemplateRepository().nearestSql({ ...options, activeOnly: true });
    // The product orders by the halfvec index expression; a float32 index needs the float32 expression.
    if (options.indexType === 'vector') sql = sql.replaceAll('::halfvec(', '::vector(');
    return new SqlNearest(client, sql);
  }

  /** Top external id and the statement's own time (ms), at `efSearch`; `exact` disables index scans. */
  async nearest(
    probe: Float32Array,
    efSearch: number,
    exact = false,
  ): Promise<{ ms: number; externalId: string | null }> {
    await this.#client.query('BEGIN');
    try {
      await this.#client.query("SELECT set_config('hnsw.ef_search', $1, true)", [String(efSearch)]);
      if (exact) await this.#client.query("SELECT set_config('enable_indexscan', 'off', true)");
      const t0 = performance.now();
      const { rows } = await this.#client.query<{ external_id: string | null }>(this.#sql, [
        toVectorLiteral(probe),
      ]);
      const ms = performance.now() - t0;
      return { ms, externalId: rows[0]?.external_id ?? null };
    } finally {
      await this.#client.query('COMMIT');
    }
  }

  close(): Promise<void> {
    return this.#client.end();
  }
}
