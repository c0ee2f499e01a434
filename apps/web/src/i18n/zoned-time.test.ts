import { describe, expect, it } from 'vitest';
import { zonedWallTimeToIso } from './zoned-time.js';

describe(zonedWallTimeToIso.name, () => {
  it('reads a wall-clock time in the given zone', () => {
    expect(zonedWallTimeToIso('2026-12-06T08:30', 'UTC')).toBe('2026-12-06T08:30:00.000Z');
    expect(zonedWallTimeToIso('2026-12-06T08:30', 'Europe/Berlin')).toBe('2026-12-06T07:30:00.000Z');
    expect(zonedWallTimeToIso('2026-07-06T08:30', 'Europe/Berlin')).toBe('2026-07-06T06:30:00.000Z');
    expect(zonedWallTimeToIso('2026-12-06T08:30', 'America/New_York')).toBe('2026-12-06T13:30:00.000Z');
  });

  it('uses the offset in force on each side of a daylight-saving change', () => {
    // Berlin moved from +01:00 to +02:00 at 02:00 local on 2026-03-29.
    expect(zonedWallTimeToIso('2026-03-29T01:30', 'Europe/Berlin')).toBe('2026-03-29T00:30:00.000Z');
    expect(zonedWallTimeToIso('2026-03-29T03:30', 'Europe/Berlin')).toBe('2026-03-29T01:30:00.000Z');
  });

  it('refuses anything but YYYY-MM-DDTHH:MM', () => {
    expect(() => zonedWallTimeToIso('08:30', 'UTC')).toThrow();
  });
});
