import type { PersonDay } from '@attendance/protocol';

/** How many of `days` began in each hour of the day (0–23), by `hourOf` a day's first arrival. */
export function arrivalsByHour(
  days: readonly PersonDay[],
  hourOf: (day: PersonDay & { first_in: string }) => number,
): number[] {
  const counts = Array.from({ length: 24 }, () => 0);
  for (const day of days) {
    if (!day.first_in) continue;
    const hour = hourOf({ ...day, first_in: day.first_in });
    if (hour >= 0 && hour < 24) counts[hour] = (counts[hour] ?? 0) + 1;
  }
  return counts;
}
