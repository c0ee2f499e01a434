import type { PersonDay, ReportRow } from '@attendance/protocol';
import { formatLocalTime, renderRows, type OutputFormat } from './attendance-format.js';

const hours = (seconds: number) => (seconds / 3600).toFixed(2);
type ReportColumn =
  'name' | 'externalId' | 'present' | 'late' | 'leftEarly' | 'absent' | 'leave' | 'hours' | 'zone';
type DayColumn = 'date' | 'name' | 'status' | 'firstIn' | 'lastOut' | 'zone' | 'hours';

const localOrEmpty = (iso: string | null, timeZone: string) =>
  iso === null ? '' : formatLocalTime(iso, timeZone);

/** Working days as a table, CSV or JSON; times in the server's zone, named. */
export function formatDays(
  days: readonly PersonDay[],
  options: { format: OutputFormat; timeZone: string; total: number },
): string {
  if (options.format === 'json') return JSON.stringify(days, null, 2);
  const { timeZone } = options;
  // People whose schedule is in another zone: each row's times are in its own zone, named in a column.
  const mixed = days.some((day) => day.time_zone !== timeZone);
  const times = mixed
    ? { firstIn: 'First in (local)', lastOut: 'Last out (local)', zone: 'Time zone' }
    : { firstIn: `First in (${timeZone})`, lastOut: `Last out (${timeZone})` };
  const headers: Partial<Record<DayColumn, string>> = {
    date: 'Day',
    name: 'Name',
    status: 'Status',
    ...times,
    hours: 'Hours',
  };
  return renderRows(
    headers as Record<DayColumn, string>,
    days.map((day) => ({
      date: day.date,
      name: day.person.name,
      status:
        day.status +
        (day.late && day.status !== 'late' ? ', late' : '') +
        (day.left_early && day.status !== 'left_early' ? ', left early' : ''),
      firstIn: localOrEmpty(day.first_in, day.time_zone),
      lastOut: localOrEmpty(day.last_out, day.time_zone),
      zone: day.time_zone,
      hours: hours(day.present_seconds),
    })),
    {
      format: options.format,
      intro: `${mixed ? "Times in each person's schedule zone" : `Times in ${timeZone}`}. ${String(days.length)} of ${String(options.total)} day(s).`,
    },
  );
}

/** A period report as a table, CSV or JSON. */
export function formatReport(
  rows: readonly ReportRow[],
  options: { format: OutputFormat; from: string; to: string; timeZone: string },
): string {
  if (options.format === 'json') return JSON.stringify(rows, null, 2);
  const mixed = rows.some((row) => row.time_zone !== options.timeZone);
  const headers: Partial<Record<ReportColumn, string>> = {
    name: 'Name',
    externalId: 'Employee ID',
    present: 'Days present',
    late: 'Late',
    leftEarly: 'Left early',
    absent: 'Absent',
    leave: 'Leave',
    hours: 'Hours',
    ...(mixed ? { zone: 'Time zone (days)' } : {}),
  };
  return renderRows(
    headers as Record<ReportColumn, string>,
    rows.map((row) => ({
      name: row.person.name,
      externalId: row.person.external_id ?? '',
      present: String(row.days_present),
      late: String(row.late_count),
      leftEarly: String(row.left_early_count),
      absent: String(row.absent_days),
      leave: String(row.leave_days),
      hours: hours(row.present_seconds),
      zone: row.time_zone,
    })),
    {
      format: options.format,
      intro: `${options.from} to ${options.to} (days in ${mixed ? "each person's schedule zone" : options.timeZone}). ${String(rows.length)} person(s).`,
    },
  );
}
