import { describe, expect, it } from 'vitest';
import { nextRetryDelayMs, parseRetryAfter } from './retry-schedule.js';

const schedule = { initialMs: 1000, maxMs: 60_000 };

describe(nextRetryDelayMs.name, () => {
  it('doubles per attempt with jitter between half and all of the step, capped', () => {
    expect(nextRetryDelayMs(1, schedule, null, () => 0)).toBe(500);
    expect(nextRetryDelayMs(1, schedule, null, () => 1)).toBe(1000);
    expect(nextRetryDelayMs(4, schedule, null, () => 1)).toBe(8000);
    expect(nextRetryDelayMs(30, schedule, null, () => 1)).toBe(60_000);
  });

  it('waits at least as long as Retry-After asks, never beyond the cap', () => {
    expect(nextRetryDelayMs(1, schedule, 20_000, () => 0)).toBe(20_000);
    expect(nextRetryDelayMs(1, schedule, 3_600_000, () => 0)).toBe(60_000);
  });
});

describe(parseRetryAfter.name, () => {
  it('reads seconds and HTTP dates', () => {
    const now = Date.parse('2026-12-06T10:00:00Z');
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter('Sun, 06 Dec 2026 10:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRetryAfter(undefined, now)).toBeNull();
  });
});
