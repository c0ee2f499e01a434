import type { PersonDay } from '@attendance/protocol';
import { describe, expect, it } from 'vitest';
import { arrivalsByHour } from './arrivals.js';

const day = (firstIn: string | null) => ({ first_in: firstIn }) as PersonDay;
const utcHour = (iso: string) => new Date(iso).getUTCHours();

describe(arrivalsByHour.name, () => {
  it('counts first arrivals per hour and leaves out days without one', () => {
    const counts = arrivalsByHour(
      [day('2026-12-01T08:05:00Z'), day('2026-12-02T08:59:00Z'), day('2026-12-03T09:00:00Z'), day(null)],
      utcHour,
    );
    expect(counts).toHaveLength(24);
    expect(counts[8]).toBe(2);
    expect(counts[9]).toBe(1);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(3);
  });
});
