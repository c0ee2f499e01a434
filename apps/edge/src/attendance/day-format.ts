import type { PersonDay, ReportRow } from '@attendance/protocol';
import { formatLocalTime, renderRows, type OutputFormat } from './attendance-format.js';

const hours = (seconds: number) => (seconds / 3600).toFixed(2);
const localOrEmpty = (iso: string | null, timeZone: string) =>
  iso === null ? '' : formatLocalTime(iso, timeZone);

/** Working days as a table, CSV or JSON; times in the server's zone, named. */
export function formatDays(
  days: readonly PersonDay[],
  options: { format: OutputFormat; timeZone: string; total: number },
): string {
  if (options.format === 'json') return JSON.stringify(days, null, 2);
  const { timeZone } = options;
  return renderRows(
    {
      date: 'Day',
      name: 'Name',
      status: 'Status',
      firstIn: `First in (${timeZone})`,
      lastOut: `Last out (${timeZone})`,
      hours: 'Hours',
    },
    days.map((day) => ({
      date: day.date,
      name: day.person.name,
      status:
        day.status +
        (day.late && day.status !== 'late' ? ', late' : '') +
        (day.left_early && day.status !== 'left_early' ? ', left early' : ''),
      firstIn: localOrEmpty(day.first_in, timeZone),
      lastOut: localOrEmpty(day.last_out, timeZone),
      hours: hours(day.present_seconds),
    })),
    {
      format: options.format,
      intro: `Times in ${timeZone}. ${String(days.length)} of ${String(options.total)} day(s).`,
    },
  );
}

/** A period report as a table, CSV or JSON. */
export function formatReport(
  rows: readonly ReportRow[],
  options: { format: OutputFormat; from: string; to: string; timeZone: string },
): string {
  if (options.format === 'json') return JSON.stringify(rows, null, 2);
  return renderRows(
    {
      name: 'Name',
      externalId: 'Employee ID',
      present: 'Days present',
      late: 'Late',
      leftEarly: 'Left early',
      absent: 'Absent',
      leave: 'Leave',
      hours: 'Hours',
    },
    rows.map((row) => ({
      name: row.person.name,
      externalId: row.person.external_id ?? '',
      present: String(row.days_present),
      late: String(row.late_count),
      leftEarly: String(row.left_early_count),
      absent: String(row.absent_days),
      leave: String(row.leave_days),
      hours: hours(row.present_seconds),
    })),
    {
      format: options.format,
      intro: `${options.from} to ${options.to} (days in ${options.timeZone}). ${String(rows.length)} person(s).`,
    },
  );
}
