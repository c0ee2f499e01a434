import type { PersonDay } from '@attendance/protocol';

/** How many of `days` began in each hour of the day (0–23), by `hourOf` their first arrival. */
export function arrivalsByHour(days: readonly PersonDay[], hourOf: (iso: string) => number): number[] {
  const counts = Array.from({ length: 24 }, () => 0);
  for (const day of days) {
    if (!day.first_in) continue;
    const hour = hourOf(day.first_in);
    if (hour >= 0 && hour < 24) counts[hour] = (counts[hour] ?? 0) + 1;
  }
  return counts;
}
