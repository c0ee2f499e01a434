import { ApiClient } from '../client/api-client.js';
import { ApiError, NetworkError, describeError } from '../client/api-errors.js';
import { formatAttendance, type OutputFormat } from '../attendance/attendance-format.js';
import { requireApiKey } from '../config/edge-config.js';
import type { AttendanceEvent } from '@attendance/protocol';
import { EdgeError, EXIT_CODES } from '../errors.js';
import { numberFlag, parseCommand, type Command } from './command.js';

const USAGE = `Usage: attendance attendance [--from DAY] [--to DAY] [--person P] [--camera ID] [options]

Lists attendance events (newest first).
  --from DAY, --to DAY   inclusive local days, YYYY-MM-DD or "today"
  --person P             a person id, employee id or name (must match one person)
  --camera ID            only events from this camera
  --limit N              at most N events (default 100)
  --format F             table (default), csv or json
  --tz ZONE              time zone for times (default: this machine's, ${Intl.DateTimeFormat().resolvedOptions().timeZone})`;

const OPTIONS = {
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
    const parsed = parseCommand(argv, { options: OPTIONS, usage: USAGE }, context);
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
