import type { PersonDay } from '@attendance/protocol';
import { describe, expect, it } from 'vitest';
import { arrivalsByHour } from './arrivals.js';

const day = (firstIn: string | null, timeZone = 'UTC') =>
  ({ first_in: firstIn, time_zone: timeZone }) as PersonDay;
const hourOnOwnClock = (arrival: { first_in: string; time_zone: string }) =>
  Number(
    new Date(arrival.first_in).toLocaleString('en-US', {
      hour: 'numeric',
      hourCycle: 'h23',
      timeZone: arrival.time_zone,
    }),
  );

describe(arrivalsByHour.name, () => {
  it('counts first arrivals per hour and leaves out days without one', () => {
    const counts = arrivalsByHour(
      [day('2026-12-01T08:05:00Z'), day('2026-12-02T08:59:00Z'), day('2026-12-03T09:00:00Z'), day(null)],
      hourOnOwnClock,
    );
    expect(counts).toHaveLength(24);
    expect(counts[8]).toBe(2);
    expect(counts[9]).toBe(1);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(3);
  });

  it("places each arrival at the hour of its own day's zone", () => {
    // 14:00 UTC is 09:00 in New York and 15:00 in Berlin (December).
    const counts = arrivalsByHour(
      [day('2026-12-01T14:00:00Z', 'America/New_York'), day('2026-12-01T14:00:00Z', 'Europe/Berlin')],
      hourOnOwnClock,
    );
    expect(counts[9]).toBe(1);
    expect(counts[15]).toBe(1);
  });
});
