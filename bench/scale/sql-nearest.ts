import pg from 'pg';
import { preparedStatementName } from '../../apps/server/src/db/prepared-statement.js';
import { hnswIndexName, type IndexPrecision } from '../../apps/server/src/db/vector-sql.js';
import { cooldownConfirmationOfTop } from '../../apps/server/src/repositories/attendance.repository.js';
import {
  TemplateRepository,
  toCandidate,
  type Candidate,
  type CandidateRow,
} from '../../apps/server/src/repositories/template.repository.js';
import { searchWithRecheck, type RecheckPolicy } from '../../apps/server/src/services/search-with-recheck.js';

/**
 * The SQL baseline of the HTTP measurements: the product's identify statement
 * (`TemplateRepository.nearestSql` with `efSearch` and `confirmTop`, exactly the text and parameters
 * `POST /v1/identify` sends: one statement that sets `hnsw.ef_search` itself and reads the best person's
 * cooldown confirmation, no transaction, prepared under the same name) on a pg client of its own, timed
 * around the round trip, at the precision of the index it searches (half on PostgreSQL; float32 for the
 * storage comparison).
 */
export class SqlNearest {
  readonly #client: pg.Client;
  readonly #options: { model: string; dim: number; limit: number; indexPrecision: IndexPrecision };
  readonly #templates = new TemplateRepository();
  #statements = 0;

  private constructor(
    client: pg.Client,
    options: { model: string; dim: number; limit: number; indexPrecision: IndexPrecision },
  ) {
    this.#client = client;
    this.#options = options;
  }

  static async open(
    url: string,
    options: { model: string; dim: number; limit: number; indexPrecision: IndexPrecision },
  ): Promise<SqlNearest> {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    return new SqlNearest(client, options);
  }

  /** The statement and parameters identify sends for `probe` at `efSearch`. */
  statement(probe: Float32Array, efSearch: number): { sql: string; params: unknown[] } {
    // As an edge request: its own idempotency key, seen now, the default 12 h cooldown window.
    const aboutTop = cooldownConfirmationOfTop({
      idempotencyKey: `sql-baseline:${++this.#statements}`,
      at: new Date(),
      windowMs: 12 * 3_600_000,
    });
    const sql = this.#templates.nearestSql({ ...this.#options, activeOnly: true, efSearch, aboutTop });
    return { sql, params: this.#templates.nearestParams({ probe, efSearch, aboutTop }) };
  }

  /**
   * What identify's search costs for `probe`: the narrow search, then the full-breadth recheck when the
   * product's policy asks for it ({@link searchWithRecheck}), each its own round trip; time summed.
   */
  async identifySearch(
    probe: Float32Array,
    policy: RecheckPolicy,
  ): Promise<{ ms: number; externalId: string | null; rechecked: boolean }> {
    let ms = 0;
    const found = await searchWithRecheck(async (efSearch) => {
      const statement = await this.nearest(probe, efSearch);
      ms += statement.ms;
      return statement;
    }, policy);
    return { ms, externalId: found.candidates[0]?.externalId ?? null, rechecked: found.rechecked };
  }

  /**
   * Candidates, top external id and the statement's time (ms, one round trip), at `efSearch`; `exact` runs
   * the same statement in a transaction with index scans off (not timed against HTTP).
   */
  async nearest(
    probe: Float32Array,
    efSearch: number,
    exact = false,
  ): Promise<{ ms: number; externalId: string | null; candidates: Candidate[] }> {
    const { sql, params } = this.statement(probe, efSearch);
    if (exact) {
      await this.#client.query('BEGIN');
      await this.#client.query("SELECT set_config('enable_indexscan', 'off', true)");
    }
    try {
      const t0 = performance.now();
      // Prepared as identify runs it; the exact search unprepared (a cached plan would ignore the setting).
      const { rows } = await this.#client.query<CandidateRow>(
        exact
          ? { text: sql, values: params }
          : { name: preparedStatementName(sql), text: sql, values: params },
      );
      const ms = performance.now() - t0;
      return { ms, externalId: rows[0]?.external_id ?? null, candidates: rows.map(toCandidate) };
    } finally {
      if (exact) await this.#client.query('COMMIT');
    }
  }

  /**
   * Reads the model's HNSW index into shared_buffers (pg_prewarm), as a server that has been answering for
   * a while holds it: without it, how much of the graph a run finds in memory depends on what ran before
   * (index build, other galleries), which moved 1M p99 by 4 ms between runs.
   */
  async prewarmIndex(): Promise<void> {
    await this.#client.query('CREATE EXTENSION IF NOT EXISTS pg_prewarm');
    await this.#client.query('SELECT pg_prewarm(to_regclass($1))', [hnswIndexName(this.#options.model)]);
  }

  close(): Promise<void> {
    return this.#client.end();
  }
}
