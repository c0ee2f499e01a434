/**
 * @module Startup while the database is unreachable: retry with capped exponential backoff while the error
 * means "unreachable" ({@link isDatabaseUnavailable}); any other error (authentication, a missing database,
 * a missing pgvector extension) is one retrying cannot fix and is rethrown at once.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';
import { isDatabaseUnavailable } from './database-unavailable.js';

export interface RetryOptions {
  /** First pause; doubles after each failed attempt. */
  initialDelayMs: number;
  maxDelayMs: number;
  /** At most one log line per this period (the first failure is always logged). */
  logIntervalMs: number;
  signal?: AbortSignal;
  /** Called after each failed attempt that will be retried (1, 2, …). */
  onRetry?: (attempt: number) => void;
}

const causeOf = (error: unknown): string => {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  if (cause instanceof AggregateError && cause.errors[0] instanceof Error) return cause.errors[0].message;
  return cause instanceof Error ? cause.message : String(cause);
};

/** Runs `attempt` until it succeeds or fails with an error that is not "database unavailable". */
export async function retryUntilAvailable<T>(
  attempt: () => Promise<T>,
  options: RetryOptions,
  logger: Logger,
): Promise<T> {
  let delayMs = options.initialDelayMs;
  let lastLoggedAt = Number.NEGATIVE_INFINITY;
  for (let attemptNo = 1; ; attemptNo++) {
    options.signal?.throwIfAborted();
    try {
      const value = await attempt();
      if (attemptNo > 1) logger.info({ attempts: attemptNo }, 'database reachable: startup continues');
      return value;
    } catch (error) {
      if (!isDatabaseUnavailable(error)) throw error;
      const now = Date.now();
      if (now - lastLoggedAt >= options.logIntervalMs) {
        lastLoggedAt = now;
        logger.warn(
          { attempt: attemptNo, retryInMs: delayMs, cause: causeOf(error) },
          'database unreachable at startup; retrying',
        );
      }
      options.onRetry?.(attemptNo);
    }
    await sleep(delayMs, undefined, options.signal ? { signal: options.signal } : {});
    delayMs = Math.min(delayMs * 2, options.maxDelayMs);
  }
}

/** What an operator should fix when startup failed with an error retrying cannot fix. */
export function explainStartupDatabaseError(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  if (code === '28P01' || code === '28000') {
    return `database refused the login (${message}): check the user and password in DATABASE_URL`;
  }
  if (code === '3D000') return `${message}: create it or fix the database name in DATABASE_URL`;
  if (/extension "vector"|vector\.control/.test(message)) {
    return `pgvector is not installed on the PostgreSQL server (${message}); see scripts/install-pgvector.sh`;
  }
  return message;
}
