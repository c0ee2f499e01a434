import type {
  AttendanceDaysExportQuery,
  AttendanceReportExportQuery,
  PersonDay,
  ReportRow,
  TimesheetExportQuery,
} from '@attendance/protocol';
import { AppError } from '../errors.js';
import type { AttendanceDaysService } from '../services/attendance-days.service.js';
import { exportFile, type ExportFile } from './export-file.js';
import { daysTable, reportTable, timesheetTable } from './export-table.js';

/** Rows of one days export: a year of a 270-person office; narrower ranges or a group beyond that. */
export const MAX_EXPORT_DAY_ROWS = 100_000;
const DAYS_PAGE = 500;
const REPORT_PAGE = 10_000;

/** Days, reports and timesheets as CSV or XLSX files, in local time with the zone named. */
export class AttendanceExportService {
  constructor(private readonly days: AttendanceDaysService) {}

  async daysFile(query: AttendanceDaysExportQuery): Promise<ExportFile> {
    const { format, ...filter } = query;
    const rows: PersonDay[] = [];
    let total = Infinity;
    for (let offset = 0; offset < total; offset += DAYS_PAGE) {
      const page = await this.days.days({ ...filter, limit: DAYS_PAGE, offset });
      total = page.total;
      if (total > MAX_EXPORT_DAY_ROWS) {
        throw new AppError(
          'validation_failed',
          `the export would hold ${String(total)} rows (at most ${String(MAX_EXPORT_DAY_ROWS)}): narrow the range or choose a group`,
        );
      }
      rows.push(...page.items);
    }
    const from = filter.from ?? filter.to ?? (await this.days.today(filter.group_id));
    const to = filter.to ?? from;
    return exportFile(daysTable(rows), format, `attendance-days_${from}_${to}`);
  }

  async reportFile(query: AttendanceReportExportQuery): Promise<ExportFile> {
    const { format, ...filter } = query;
    const items: ReportRow[] = [];
    let total = Infinity;
    for (let offset = 0; offset < total; offset += REPORT_PAGE) {
      const page = await this.days.report({ ...filter, limit: REPORT_PAGE, offset });
      total = page.total;
      items.push(...page.items);
    }
    const table = reportTable(items);
    return exportFile(table, format, `attendance-report_${filter.from}_${filter.to}`);
  }

  async timesheetFile(query: TimesheetExportQuery): Promise<ExportFile> {
    const { format, ...filter } = query;
    const sheet = await this.days.timesheet(filter);
    return exportFile(timesheetTable(sheet), format, `timesheet_${filter.month}_${filter.person_id}`);
  }
}
