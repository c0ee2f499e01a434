import type { PersonDay, ReportRow, Timesheet } from '@attendance/protocol';
import { DateTime } from 'luxon';

export type ExportCell = string | number | boolean | null;

/** What an export holds, whatever its format: a sheet name, column titles and typed rows. */
export interface ExportTable {
  sheet: string;
  columns: string[];
  rows: ExportCell[][];
}

/** `2026-03-23 08:55:00` in `timeZone`; empty for no time. */
const localTime = (iso: string | null, timeZone: string): string =>
  iso === null ? '' : DateTime.fromISO(iso, { zone: timeZone }).toFormat('yyyy-LL-dd HH:mm:ss');

const hours = (seconds: number) => Math.round((seconds / 3600) * 100) / 100;

/** Time columns name their zone: a file read elsewhere still says which clock it shows. */
const inZone = (title: string, timeZone: string) => `${title} (${timeZone})`;

/** Rows can be in different zones (each person's schedule's): each row names its own, times are in it. */
export function daysTable(days: readonly PersonDay[]): ExportTable {
  return {
    sheet: 'Days',
    columns: [
      'Date',
      'Person ID',
      'Name',
      'External ID',
      'Status',
      'Late',
      'Left early',
      'Time zone',
      'First in (local)',
      'Last out (local)',
      'Hours',
      'Events',
    ],
    rows: days.map((day) => [
      day.date,
      day.person.id,
      day.person.name,
      day.person.external_id,
      day.status,
      day.late,
      day.left_early,
      day.time_zone,
      localTime(day.first_in, day.time_zone),
      localTime(day.last_out, day.time_zone),
      hours(day.present_seconds),
      day.events.length,
    ]),
  };
}

/** Each row's days are counted in its own zone, named in the row. */
export function reportTable(items: readonly ReportRow[]): ExportTable {
  return {
    sheet: 'Report',
    columns: [
      'Person ID',
      'Name',
      'External ID',
      'Days present',
      'Late',
      'Left early',
      'Absent days',
      'Leave days',
      'Holiday days',
      'Hours',
      'Time zone (days)',
    ],
    rows: items.map((row) => [
      row.person.id,
      row.person.name,
      row.person.external_id,
      row.days_present,
      row.late_count,
      row.left_early_count,
      row.absent_days,
      row.leave_days,
      row.holiday_days,
      hours(row.present_seconds),
      row.time_zone,
    ]),
  };
}

export function timesheetTable(sheet: Timesheet): ExportTable {
  const zone = sheet.time_zone;
  const { totals } = sheet;
  return {
    sheet: 'Timesheet',
    columns: [
      'Date',
      'Name',
      'Status',
      'Late',
      'Left early',
      inZone('First in', zone),
      inZone('Last out', zone),
      'Hours',
    ],
    rows: [
      ...sheet.days.map((day) => [
        day.date,
        sheet.person.name,
        day.status,
        day.late,
        day.left_early,
        localTime(day.first_in, zone),
        localTime(day.last_out, zone),
        hours(day.present_seconds),
      ]),
      [
        `Total ${sheet.month}`,
        sheet.person.name,
        `${String(totals.days_present)} days present, ${String(totals.absent_days)} absent`,
        totals.late_count,
        totals.left_early_count,
        '',
        '',
        hours(totals.present_seconds),
      ],
    ],
  };
}
