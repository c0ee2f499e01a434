import { wallClock } from '@attendance/protocol';

/** Offset of `zone` from UTC at the instant `utcMs`, in milliseconds (east positive). */
function zoneOffsetMs(utcMs: number, zone: string): number {
  const clock = wallClock(new Date(utcMs), zone);
  const asUtc = Date.UTC(clock.year, clock.month - 1, clock.day, clock.hour, clock.minute, clock.second);
  return asUtc - Math.floor(utcMs / 1000) * 1000;
}

/**
 * A wall-clock time of the installation's zone (`2026-12-06T08:30`, as a `datetime-local` input gives it)
 * as an ISO 8601 instant in UTC. Two passes, so a time next to a daylight-saving change lands on the offset
 * in force at that time.
 */
export function zonedWallTimeToIso(local: string, zone: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(local);
  if (!match) throw new Error(`not a local date and time: ${local}`);
  const [, y, mo, d, h, mi] = match.map(Number) as [number, number, number, number, number, number];
  const wall = Date.UTC(y, mo - 1, d, h, mi);
  const first = wall - zoneOffsetMs(wall, zone);
  return new Date(wall - zoneOffsetMs(first, zone)).toISOString();
}
