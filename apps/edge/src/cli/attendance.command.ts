import { ApiClient } from '../client/api-client.js';
import { ApiError, NetworkError, describeError } from '@attendance/api-client';
import { formatAttendance, type OutputFormat } from '../attendance/attendance-format.js';
import { requireApiKey } from '../config/edge-config.js';
import type { AttendanceEvent, PersonDay, ReportRow } from '@attendance/protocol';
import { formatDays, formatReport } from '../attendance/day-format.js';
import { EdgeError, EXIT_CODES } from '../errors.js';
import { numberFlag, parseCommand, type Command } from './command.js';

const USAGE = `Usage: attendance attendance [--from DAY] [--to DAY] [--person P] [--camera ID] [options]
       attendance attendance --day [DAY] [--group G] [--person P] [options]
       attendance attendance --report --from DAY --to DAY [--group G] [options]

Lists attendance events (newest first); with --day, people's working days (first in, last out, hours,
status); with --report, per-person totals over a period (days present, late, left early, absent, hours).
  --day [DAY]            working days of DAY (default today)
  --report               the period report of --from .. --to
  --group G              a group id or name (days and report)
  --from DAY, --to DAY   inclusive local days, YYYY-MM-DD or "today"
  --person P             a person id, employee id or name (must match one person)
  --camera ID            only events from this camera
  --limit N              at most N events (default 100)
  --format F             table (default), csv or json
  --tz ZONE              time zone for times (default: this machine's, ${Intl.DateTimeFormat().resolvedOptions().timeZone})`;

const OPTIONS = {
  day: { type: 'string' },
  report: { type: 'boolean' },
  group: { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
  person: { type: 'string' },
  camera: { type: 'string' },
  limit: { type: 'string' },
  format: { type: 'string' },
  tz: { type: 'string' },
} as const;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `attendance attendance`: the original's show_attendance, with filters and formats. */
export const attendanceCommand: Command = {
  name: 'attendance',
  summary: 'list attendance events (table, CSV or JSON) with date, person and camera filters',
  async run(argv, context) {
    const parsed = parseCommand(
      argv.flatMap(dayDefaultsToToday),
      { options: OPTIONS, usage: USAGE },
      context,
    );
    if (parsed === null) return EXIT_CODES.ok;
    const { values, config } = parsed;
    const format = (values.format ?? 'table') as OutputFormat;
    if (!['table', 'csv', 'json'].includes(format)) {
      throw new EdgeError('usage', '--format must be table, csv or json');
    }
    const timeZone = values.tz ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
    try {
      new Intl.DateTimeFormat('en', { timeZone });
    } catch {
      throw new EdgeError('usage', `unknown time zone "${timeZone}"`);
    }
    const limit = Math.round(numberFlag(values.limit, 'limit', 100));
    const client = new ApiClient({
      baseUrl: config.serverUrl,
      apiKey: requireApiKey(config),
      timeoutMs: config.requestTimeoutMs,
    });
    try {
      const personId = values.person === undefined ? undefined : await resolvePerson(client, values.person);
      const groupId = values.group === undefined ? undefined : await resolveGroup(client, values.group);
      if (values.day !== undefined || values.report === true) {
        const out = await (values.report === true
          ? printReport(client, { from: values.from, to: values.to, groupId, format, timeZone })
          : printDays(client, { day: values.day ?? 'today', groupId, personId, format, timeZone, limit }));
        context.stdout.write(`${out}\n`);
        return EXIT_CODES.ok;
      }
      const filter = {
        from: day(values.from, timeZone),
        to: day(values.to, timeZone),
        person_id: personId,
        camera_id: values.camera,
      };
      const events: AttendanceEvent[] = [];
      let total = 0;
      while (events.length < limit) {
        const page = await client.listAttendance({
          ...filter,
          limit: Math.min(500, limit - events.length),
          offset: events.length,
        });
        total = page.total;
        events.push(...page.items);
        if (page.items.length === 0 || events.length >= page.total) break;
      }
      context.stdout.write(`${formatAttendance(events, { format, timeZone, total })}\n`);
      return EXIT_CODES.ok;
    } catch (error) {
      if (error instanceof NetworkError) throw new EdgeError('network', error.message);
      if (error instanceof ApiError && (error.status === 401 || error.status === 403)) {
        throw new EdgeError('config', `the server refused the API key: ${describeError(error)}`);
      }
      throw error instanceof ApiError ? new EdgeError('failure', describeError(error)) : error;
    }
  },
};

function day(value: string | undefined, timeZone: string): string | undefined {
  if (value === undefined) return undefined;
  if (value === 'today') return new Intl.DateTimeFormat('en-CA', { timeZone }).format(new Date());
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) throw new EdgeError('usage', `"${value}" is not YYYY-MM-DD`);
  return value;
}

async function resolvePerson(client: ApiClient, query: string): Promise<string> {
  if (UUID.test(query)) return query;
  const { items } = await client.listPeople({ q: query, limit: 20 });
  const exact = items.filter((person) => person.external_id === query || person.name === query);
  const matches = exact.length > 0 ? exact : items;
  const [only, ...others] = matches;
  if (only === undefined) throw new EdgeError('failure', `no person matches "${query}"`);
  if (others.length > 0) {
    const names = matches.map((person) => `${person.name} (${person.external_id ?? person.id})`);
    throw new EdgeError('failure', `"${query}" matches several people: ${names.join(', ')}`);
  }
  return only.id;
}

/** `--day` as the last flag, or followed by another flag, means today. */
function dayDefaultsToToday(arg: string, index: number, argv: readonly string[]): string[] {
  const next = argv[index + 1];
  return arg === '--day' && (next === undefined || next.startsWith('-')) ? [arg, 'today'] : [arg];
}

async function printDays(
  client: ApiClient,
  options: {
    day: string;
    groupId: string | undefined;
    personId: string | undefined;
    format: OutputFormat;
    timeZone: string;
    limit: number;
  },
): Promise<string> {
  const date = day(options.day, options.timeZone);
  const days: PersonDay[] = [];
  let total = 0;
  let zone = options.timeZone;
  while (days.length < options.limit) {
    const page = await client.listAttendanceDays({
      from: date,
      to: date,
      group_id: options.groupId,
      person_id: options.personId,
      limit: Math.min(500, options.limit - days.length),
      offset: days.length,
    });
    total = page.total;
    zone = page.time_zone;
    days.push(...page.items);
    if (page.items.length === 0 || days.length >= page.total) break;
  }
  // Days are the server's: its zone decides which day an event counts on, so its times are shown in it.
  return formatDays(days, { format: options.format, timeZone: zone, total });
}

async function printReport(
  client: ApiClient,
  options: {
    from: string | undefined;
    to: string | undefined;
    groupId: string | undefined;
    format: OutputFormat;
    timeZone: string;
  },
): Promise<string> {
  const from = day(options.from, options.timeZone);
  const to = day(options.to, options.timeZone);
  if (from === undefined || to === undefined) throw new EdgeError('usage', '--report needs --from and --to');
  const rows: ReportRow[] = [];
  let zone = options.timeZone;
  for (let total = Infinity; rows.length < total;) {
    const page = await client.attendanceReport({
      from,
      to,
      group_id: options.groupId,
      limit: 10_000,
      offset: rows.length,
    });
    total = page.total;
    zone = page.time_zone;
    rows.push(...page.items);
    if (page.items.length === 0) break;
  }
  return formatReport(rows, { format: options.format, from, to, timeZone: zone });
}

async function resolveGroup(client: ApiClient, query: string): Promise<string> {
  const { items } = await client.listGroups();
  const group = items.find((candidate) => candidate.id === query || candidate.name === query);
  if (!group) {
    throw new EdgeError(
      'failure',
      `no group "${query}" (groups: ${items.map((g) => g.name).join(', ') || 'none'})`,
    );
  }
  return group.id;
}
