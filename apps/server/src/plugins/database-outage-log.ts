import type { FastifyBaseLogger } from 'fastify';

/**
 * Logs a database outage in a bounded number of lines, however many requests it refuses: one warn line
 * when it starts (the first refused request), one summary per `intervalMs` while requests keep being
 * refused ("N requests refused"), and one info line when a statement succeeds again.
 */
export class DatabaseOutageLog {
  #since: number | null = null;
  #refusedTotal = 0;
  #refusedSinceSummary = 0;
  #timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly logger: FastifyBaseLogger,
    private readonly intervalMs = 10_000,
  ) {}

  /** A request was answered 503 `database_unavailable`; `cause` is the driver's message (no SQL, no data). */
  refused(cause: string, log: FastifyBaseLogger = this.logger): void {
    this.#refusedTotal++;
    if (this.#since !== null) {
      this.#refusedSinceSummary++;
      return;
    }
    this.#since = Date.now();
    log.warn({ code: 'database_unavailable', cause }, 'database unavailable: answering 503 until it is back');
    this.#timer = setInterval(() => this.#summarise(), this.intervalMs);
    this.#timer.unref();
  }

  /** A statement succeeded: ends the outage (logged once), if there was one. */
  recovered(): void {
    if (this.#since === null) return;
    this.#stopTimer();
    this.logger.info(
      { downtimeMs: Date.now() - this.#since, refused: this.#refusedTotal },
      `database available again; ${String(this.#refusedTotal)} requests refused during the outage`,
    );
    this.#since = null;
    this.#refusedTotal = 0;
    this.#refusedSinceSummary = 0;
  }

  close(): void {
    this.#stopTimer();
  }

  #summarise(): void {
    const refused = this.#refusedSinceSummary;
    if (refused === 0) return;
    this.#refusedSinceSummary = 0;
    this.logger.warn(
      { code: 'database_unavailable', refused, intervalMs: this.intervalMs },
      `database still unavailable: ${String(refused)} requests refused in the last ${String(this.intervalMs / 1000)} s`,
    );
  }

  #stopTimer(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
  }
}
