import { currentLanguage } from './i18n.js';

/**
 * Dates and times as this browser writes them (its locale), in the installation's time zone (the
 * server's ATTENDANCE_TIMEZONE, from `/ui/api/config`), so a remote viewer sees the door's clock.
 */
let timeZone: string | undefined;

export function setDisplayTimeZone(zone: string | undefined): void {
  try {
    if (zone) new Intl.DateTimeFormat(undefined, { timeZone: zone });
    timeZone = zone;
  } catch {
    timeZone = undefined;
  }
}

export function displayTimeZone(): string {
  return timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
}

const browserLocale = () => navigator.languages[0] ?? navigator.language;

/**
 * A time of day in the installation's zone, or in `zone` (a person's schedule zone) with that zone's short
 * name when it is another one (`08:55:00 EST`).
 */
export const formatTime = (iso: string, zone = displayTimeZone()) =>
  new Date(iso).toLocaleTimeString(browserLocale(), {
    timeZone: zone,
    ...(zone === displayTimeZone() ? {} : { timeZoneName: 'short' }),
  });
export const formatDateTime = (iso: string) =>
  new Date(iso).toLocaleString(browserLocale(), { timeZone: displayTimeZone() });

/** A number in the chosen UI language's notation (decimal comma where it has one). */
export const formatNumber = (value: number, fractionDigits = 0) =>
  value.toLocaleString(currentLanguage(), {
    minimumFractionDigits: fractionDigits,
    maximumFractionDigits: fractionDigits,
  });

/** A day as YYYY-MM-DD in the installation's time zone (today by default). */
export function localDay(date = new Date()): string {
  // en-CA writes ISO dates (2026-12-06).
  return date.toLocaleDateString('en-CA', { timeZone: displayTimeZone() });
}

/** Reads the installation's time zone from the server (`/ui/api/config`); the browser's own if unknown. */
export async function loadDisplayTimeZone(): Promise<void> {
  try {
    const response = await fetch('/ui/api/config', { credentials: 'same-origin' });
    if (!response.ok) return;
    const config = (await response.json()) as { time_zone?: string };
    setDisplayTimeZone(config.time_zone);
  } catch {
    // Unreachable server: times stay in the browser's zone.
  }
}
