import {
  AttendanceDaysQuerySchema,
  AttendanceDaysSchema,
  AttendanceReportQuerySchema,
  AttendanceReportSchema,
  BoardQuerySchema,
  BoardSchema,
  TimesheetQuerySchema,
  TimesheetSchema,
} from '@attendance/protocol';
import type { FastifyInstance } from 'fastify';
import type { AttendanceDaysService } from '../services/attendance-days.service.js';
import { apiKeySecurity, errorResponses, unvalidatedJsonSerializer, withZod } from './route-types.js';

/** Working days, today's board, the period report and the monthly timesheet (viewers may read). */
export function registerAttendanceDaysRoutes(
  instance: FastifyInstance,
  deps: { attendanceDays: AttendanceDaysService },
): void {
  const app = withZod(instance);
  const tags = ['attendance'];
  const security = apiKeySecurity;

  app.get(
    '/v1/attendance/days',
    {
      schema: {
        tags,
        security,
        summary: 'Working days per person',
        operationId: 'listAttendanceDays',
        description:
          'One row per person and local day (names, then days ascending): first in, last out, time present ' +
          'and status by the person’s schedule, with the counted events. Without from/to: today. ' +
          '`seen=true` leaves out days the person was not seen. Each day is in the zone of the person’s ' +
          'schedule (the installation’s without one), named in its `time_zone`; the top-level `time_zone` is ' +
          'the group’s schedule zone with group_id, else the installation’s, and “today” is today there.',
        querystring: AttendanceDaysQuerySchema,
        response: { 200: AttendanceDaysSchema, ...errorResponses },
      },
    },
    (request) => deps.attendanceDays.days(request.query),
  );

  app.get(
    '/v1/attendance/board',
    {
      schema: {
        tags,
        security,
        summary: 'Today’s board',
        operationId: 'getAttendanceBoard',
        description:
          'Every active person (of the group) with their state today (present, late, not yet in, absent, on ' +
          'leave, off) and the counts. Dashboards are told to fetch it again by `attendance.board_changed` ' +
          'on the live socket. Everyone is on their own today, in the zone of their schedule: an entry names ' +
          'its `date` and `time_zone` where they differ from the board’s (the group’s schedule zone with ' +
          'group_id, else the installation’s).',
        querystring: BoardQuerySchema,
        response: { 200: BoardSchema, ...errorResponses },
      },
      serializerCompiler: unvalidatedJsonSerializer,
    },
    (request) => deps.attendanceDays.board(request.query),
  );

  app.get(
    '/v1/attendance/report',
    {
      schema: {
        tags,
        security,
        summary: 'Period report per person',
        operationId: 'getAttendanceReport',
        description:
          'Per person of the group (or everyone), names ascending: days present, late and left-early counts, ' +
          'absent, leave and holiday days, and time present over from–to (inclusive local days of each ' +
          'person’s schedule zone, named per row in `time_zone`).',
        querystring: AttendanceReportQuerySchema,
        response: { 200: AttendanceReportSchema, ...errorResponses },
      },
      serializerCompiler: unvalidatedJsonSerializer,
    },
    (request) => deps.attendanceDays.report(request.query),
  );

  app.get(
    '/v1/attendance/timesheet',
    {
      schema: {
        tags,
        security,
        summary: 'Monthly timesheet of one person',
        operationId: 'getAttendanceTimesheet',
        description:
          'Every day of the month with its times and status, and the month’s totals, in the zone of the ' +
          'person’s schedule (the installation’s without one), named in `time_zone`.',
        querystring: TimesheetQuerySchema,
        response: { 200: TimesheetSchema, ...errorResponses },
      },
    },
    (request) => deps.attendanceDays.timesheet(request.query),
  );
}
