import { describe, expect, it } from 'vitest';
import { wallClock } from './wall-clock.js';

describe(wallClock.name, () => {
  it('reads the clock of a zone east and west of UTC, across midnight, with hours 0–23', () => {
    const instant = new Date('2026-11-28T20:33:07Z');
    expect(wallClock(instant, 'Asia/Kolkata')).toEqual({
      year: 2026,
      month: 11,
      day: 29,
      hour: 2,
      minute: 3,
      second: 7,
    });
    expect(wallClock(instant, 'America/New_York')).toMatchObject({ day: 28, hour: 15, minute: 33 });
    expect(wallClock(new Date('2026-11-28T00:00:00Z'), 'UTC')).toMatchObject({ hour: 0, minute: 0 });
  });
});
