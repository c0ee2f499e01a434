/** When to try a failed delivery again. */
export interface RetrySchedule {
  /** First pause after a failure; doubled per attempt. */
  initialMs: number;
  /** The pause never exceeds this (nor does a receiver's Retry-After). */
  maxMs: number;
}

/**
 * Exponential backoff with full jitter (a random pause between half and all of `initial · 2^(attempt-1)`,
 * capped), so many deliveries failing together do not retry together. A receiver's Retry-After wins when
 * it asks for longer, up to the cap.
 */
export function nextRetryDelayMs(
  attempt: number,
  schedule: RetrySchedule,
  retryAfterMs: number | null,
  random: () => number = Math.random,
): number {
  const exponential = Math.min(schedule.maxMs, schedule.initialMs * 2 ** Math.min(attempt - 1, 30));
  const jittered = exponential / 2 + (random() * exponential) / 2;
  return Math.round(Math.min(schedule.maxMs, Math.max(jittered, retryAfterMs ?? 0)));
}

/** Retry-After as seconds or an HTTP date → milliseconds from `now`; null when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | null {
  if (!value) return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}
