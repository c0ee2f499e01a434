import {
  AttendanceDaysExportQuerySchema,
  AttendanceReportExportQuerySchema,
  TimesheetExportQuerySchema,
} from '@attendance/protocol';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { AttendanceExportService } from '../exports/attendance-export.service.js';
import type { ExportFile } from '../exports/export-file.js';
import { apiKeySecurity, errorResponses, withZod } from './route-types.js';

const FILES =
  '`format=csv` (UTF-8, formulas defused) or `format=xlsx`; times are local to each row’s zone (the ' +
  'person’s schedule’s), named in a time-zone column (the timesheet, one person, names it in its column ' +
  'titles).';

function sendFile(reply: FastifyReply, file: ExportFile): FastifyReply {
  return reply
    .header('content-type', file.contentType)
    .header('content-disposition', `attachment; filename="${file.fileName}"`)
    .header('cache-control', 'no-store')
    .send(file.body);
}

/** CSV and XLSX downloads of days, reports and timesheets (viewers may read). */
export function registerAttendanceExportRoutes(
  instance: FastifyInstance,
  deps: { attendanceExports: AttendanceExportService },
): void {
  const app = withZod(instance);
  const tags = ['attendance'];
  const security = apiKeySecurity;

  app.get(
    '/v1/attendance/days/export',
    {
      schema: {
        tags,
        security,
        summary: 'Download working days as CSV or XLSX',
        operationId: 'exportAttendanceDays',
        description: `The rows of GET /v1/attendance/days with the same filters, all of them (at most 100,000). ${FILES}`,
        querystring: AttendanceDaysExportQuerySchema,
        response: errorResponses,
      },
    },
    async (request, reply) => sendFile(reply, await deps.attendanceExports.daysFile(request.query)),
  );

  app.get(
    '/v1/attendance/report/export',
    {
      schema: {
        tags,
        security,
        summary: 'Download a period report as CSV or XLSX',
        operationId: 'exportAttendanceReport',
        description: `Every row of GET /v1/attendance/report for the period and group. ${FILES}`,
        querystring: AttendanceReportExportQuerySchema,
        response: errorResponses,
      },
    },
    async (request, reply) => sendFile(reply, await deps.attendanceExports.reportFile(request.query)),
  );

  app.get(
    '/v1/attendance/timesheet/export',
    {
      schema: {
        tags,
        security,
        summary: 'Download a monthly timesheet as CSV or XLSX',
        operationId: 'exportAttendanceTimesheet',
        description: `A person’s month, one row per day and a totals row. ${FILES}`,
        querystring: TimesheetExportQuerySchema,
        response: errorResponses,
      },
    },
    async (request, reply) => sendFile(reply, await deps.attendanceExports.timesheetFile(request.query)),
  );
}
