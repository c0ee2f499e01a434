import { describe, expect, it } from 'vitest';
import { DatabaseUnavailableError, asDatabaseError, isDatabaseUnavailable } from './database-unavailable.js';

const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });

describe(isDatabaseUnavailable.name, () => {
  it.each([
    [
      'connection refused (both loopback addresses)',
      new AggregateError([withCode('connect', 'ECONNREFUSED')]),
    ],
    ['connection reset', withCode('read ECONNRESET', 'ECONNRESET')],
    [
      'admin shutdown (pg_ctl stop -m fast)',
      withCode('terminating connection due to administrator command', '57P01'),
    ],
    ['still starting up', withCode('the database system is starting up', '57P03')],
    ['too many connections', withCode('sorry, too many clients already', '53300')],
    ['connection exception class 08', withCode('connection failure', '08006')],
    ['socket closed under a query', new Error('Connection terminated unexpectedly')],
    ['pool wait timed out', new Error('timeout exceeded when trying to connect')],
  ])('%s → unavailable', (_name, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
    expect(asDatabaseError(error)).toBeInstanceOf(DatabaseUnavailableError);
  });

  it.each([
    ['syntax error', withCode('syntax error at or near "SELEC"', '42601')],
    ['unique violation', withCode('duplicate key value violates unique constraint', '23505')],
    ['not an error', 'ECONNREFUSED'],
  ])('%s → passed through unchanged', (_name, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
    expect(asDatabaseError(error)).toBe(error);
  });
});
