import { toCsv, wallClock, type AttendanceEvent } from '@attendance/protocol';

export type OutputFormat = 'table' | 'csv' | 'json';

interface Row {
  readonly time: string;
  readonly day: string;
  readonly name: string;
  readonly externalId: string;
  readonly camera: string;
  readonly similarity: string;
}

/** `2026-11-28 14:03:07` in `timeZone` (an IANA name such as `Asia/Kolkata`). */
export function formatLocalTime(iso: string, timeZone: string): string {
  const clock = wallClock(new Date(iso), timeZone);
  const two = (value: number) => String(value).padStart(2, '0');
  return `${clock.year}-${two(clock.month)}-${two(clock.day)} ${two(clock.hour)}:${two(clock.minute)}:${two(clock.second)}`;
}

function toRows(events: readonly AttendanceEvent[], timeZone: string): Row[] {
  return events.map((event) => ({
    time: formatLocalTime(event.recorded_at, timeZone),
    day: event.local_day,
    name: event.person.name,
    externalId: event.person.external_id ?? '',
    camera: event.camera_id ?? 'manual',
    similarity: event.similarity?.toFixed(3) ?? '',
  }));
}

const HEADERS: Record<keyof Row, string> = {
  time: 'Time',
  day: 'Day',
  name: 'Name',
  externalId: 'Employee ID',
  camera: 'Camera',
  similarity: 'Similarity',
};

/**
 * Renders events as an aligned table (times in `timeZone`, named in the header), CSV (the shared writer:
 * RFC 4180, spreadsheet formulas defused), or JSON (the server's events plus a `local_time` field).
 */
export function formatAttendance(
  events: readonly AttendanceEvent[],
  options: { format: OutputFormat; timeZone: string; total: number },
): string {
  const rows = toRows(events, options.timeZone);
  if (options.format === 'json') {
    return JSON.stringify(
      events.map((event, index) => ({ ...event, local_time: rows[index]?.time })),
      null,
      2,
    );
  }
  const intro = `Times in ${options.timeZone}. ${String(events.length)} of ${String(options.total)} event(s).`;
  return renderRows(HEADERS, rows, { format: options.format, intro });
}

/** Rows as CSV (header first, no intro) or an aligned table under `intro`. */
export function renderRows<K extends string>(
  headers: Record<K, string>,
  rows: readonly Record<K, string>[],
  options: { format: 'table' | 'csv'; intro: string },
): string {
  const keys = Object.keys(headers) as K[];
  if (options.format === 'csv') {
    return toCsv(
      keys.map((key) => headers[key]),
      rows.map((row) => keys.map((key) => row[key])),
    );
  }
  const widths = keys.map((key) => Math.max(headers[key].length, ...rows.map((row) => row[key].length)));
  const line = (cells: string[]) => cells.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join('  ');
  const header = line(keys.map((key) => headers[key]));
  return [
    options.intro,
    header,
    '-'.repeat(header.length),
    ...rows.map((row) => line(keys.map((key) => row[key]))),
  ].join('\n');
}
