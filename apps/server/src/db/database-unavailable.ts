/**
 * @module Tells "the database cannot be reached right now" apart from every other SQL error, so the API can
 * answer 503 `database_unavailable` with `Retry-After` (a client may retry) instead of a 500.
 */

/** The database was unreachable, restarting or refused the connection; retrying later may succeed. */
export class DatabaseUnavailableError extends Error {
  constructor(options: { cause: unknown }) {
    super('database unavailable', options);
    this.name = 'DatabaseUnavailableError';
  }
}

/** Socket-level failures of the connection to PostgreSQL. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/**
 * SQLSTATEs that mean the server, not the statement, is the problem: class 08 (connection exception),
 * 57P01–57P03 (admin/crash shutdown, "the database system is starting up"), 53300 (too many connections).
 */
const UNAVAILABLE_SQLSTATE = /^(08...|57P0[123]|53300)$/;

/** Messages `pg` uses for a connection that ended or never opened (these errors carry no code). */
const PG_CONNECTION_MESSAGES = [
  'Connection terminated',
  'timeout exceeded when trying to connect',
  'Client has encountered a connection error',
  'Client was closed and is not queryable',
];

/** True when `error` (or an error it aggregates) means the database is unreachable rather than the SQL wrong. */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (error instanceof DatabaseUnavailableError) return true;
  if (error instanceof AggregateError && error.errors.some(isDatabaseUnavailable)) return true;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && (NETWORK_CODES.has(code) || UNAVAILABLE_SQLSTATE.test(code))) return true;
  return PG_CONNECTION_MESSAGES.some((message) => error.message.startsWith(message));
}

/** Rethrows connection failures as {@link DatabaseUnavailableError} (cause kept for the log), others as is. */
export function asDatabaseError(error: unknown): unknown {
  return isDatabaseUnavailable(error) && !(error instanceof DatabaseUnavailableError)
    ? new DatabaseUnavailableError({ cause: error })
    : error;
}
