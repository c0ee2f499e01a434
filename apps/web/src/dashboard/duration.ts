/** Time present as hours and minutes, `7:05` (a report column people add up by eye). */
export function formatDuration(seconds: number): string {
  const minutes = Math.round(seconds / 60);
  return `${String(Math.floor(minutes / 60))}:${String(minutes % 60).padStart(2, '0')}`;
}
