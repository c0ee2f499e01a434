/**
 * Attendance reports at scale on PostgreSQL, through the real HTTP API: PEOPLE people in one scheduled
 * group, each with an arrival and a departure on each of the last DAYS days (PEOPLE × DAYS × 2 events,
 * generated inside PostgreSQL by one INSERT … SELECT per table) and an arrival today. Times the period
 * report of the whole group (one request, up to 10,000 people) and today's board, each REPEAT times
 * (median and max at the client), and prints the events query's plan (EXPLAIN ANALYZE).
 *
 * Run: `npx tsx bench/attendance-report.ts` (PEOPLE=10000 DAYS=30 REPEAT=5; BENCH_WRITE=0 prints only).
 * Targets: report < 1 s, board < 200 ms at 10,000 people × 30 days. Identify's p50 at 100k templates
 * before and after the day model is measured by bench/identify-before-after.ts, not here. Needs PostgreSQL
 * with pgvector at TEST_DATABASE_URL; creates and drops its own database.
 */
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { startBenchServer } from './bench-server.js';
import { writeResultsSection } from './results-section.js';

const PEOPLE = Number(process.env.PEOPLE ?? 10_000);
const DAYS = Number(process.env.DAYS ?? 30);
const REPEAT = Number(process.env.REPEAT ?? 5);
const ZONE = 'Europe/Berlin';

const { server, baseUrl, apiKey, close } = await startBenchServer('attendance-report', {
  ATTENDANCE_TIMEZONE: ZONE,
  RATE_LIMIT_KEY_PER_MINUTE: '0',
});
const db = server.db;

const localDay = (offsetDays: number) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: ZONE }).format(new Date(Date.now() + offsetDays * 86_400_000));

async function seed(): Promise<{ groupId: string; events: number }> {
  const started = performance.now();
  await db.query(`INSERT INTO camera (id, role) VALUES ('bench-in', 'entry'), ('bench-out', 'exit')`);
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO attendance_group (name, work_days, start_time, end_time, grace_minutes)
     VALUES ('Bench', '{1,2,3,4,5}', '09:00', '17:00', 10) RETURNING id`,
  );
  const groupId = rows[0]?.id ?? '';
  await db.query(
    `INSERT INTO person (name, external_id)
     SELECT 'Person ' || lpad(g::text, 6, '0'), 'B' || g FROM generate_series(1, $1) g`,
    [PEOPLE],
  );
  await db.query('INSERT INTO group_member (group_id, person_id) SELECT $1, id FROM person', [groupId]);
  // Per person and past day: in between 08:30 and 09:30 local, out between 16:30 and 17:30 (some late,
  // some early), as the recorder would store them (direction from the camera, local_day at midnight).
  await db.query(
    `INSERT INTO attendance_event (person_id, camera_id, model, similarity, recorded_at, local_day, direction)
     SELECT p.id, c.camera, 'bench', 0.8, t.at, (t.at AT TIME ZONE $2)::date, c.direction
     FROM person p
     CROSS JOIN generate_series(1, $1) d
     CROSS JOIN (VALUES ('bench-in', 'in', 8.5), ('bench-out', 'out', 16.5)) c(camera, direction, hour)
     CROSS JOIN LATERAL (
       SELECT ((current_date - d)::timestamp + make_interval(secs => c.hour * 3600 + random() * 3600))
              AT TIME ZONE $2 AS at
     ) t`,
    [DAYS, ZONE],
  );
  await db.query(
    `INSERT INTO attendance_event (person_id, camera_id, model, similarity, recorded_at, local_day, direction)
     SELECT id, 'bench-in', 'bench', 0.8, now() - make_interval(secs => random() * 3600),
            (now() AT TIME ZONE $1)::date, 'in'
     FROM person WHERE random() < 0.8`,
    [ZONE],
  );
  await db.query('ANALYZE');
  const count = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM attendance_event');
  console.log(`seeded in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return { groupId, events: count.rows[0]?.n ?? 0 };
}

async function timeGet(route: string): Promise<{ median: number; max: number; bytes: number }> {
  const times: number[] = [];
  let bytes = 0;
  for (let i = 0; i < REPEAT + 1; i++) {
    const started = performance.now();
    const response = await fetch(`${baseUrl}${route}`, { headers: { 'x-api-key': apiKey } });
    const body = await response.text();
    if (response.status !== 200) throw new Error(`${route}: ${String(response.status)} ${body}`);
    bytes = body.length;
    // The first request warms the connection pool and the JIT; it is not counted.
    if (i > 0) times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(times.length / 2)] ?? NaN, max: times.at(-1) ?? NaN, bytes };
}

try {
  const { groupId, events } = await seed();
  const from = localDay(-DAYS);
  const to = localDay(-1);
  const loadAtStart = os.loadavg()[0] ?? 0;
  const report = await timeGet(
    `/v1/attendance/report?from=${from}&to=${to}&group_id=${groupId}&limit=${String(Math.min(PEOPLE, 10_000))}`,
  );
  const board = await timeGet(`/v1/attendance/board?group_id=${groupId}`);
  // The shape of the report's events query (the group's events packed per person), with its settings.
  const plan = await db.transaction(async (tx) => {
    await tx.query("SET LOCAL work_mem = '64MB'");
    await tx.query('SET LOCAL jit = off');
    return tx.query<{ 'QUERY PLAN': string }>(
      `EXPLAIN ANALYZE SELECT e.person_id,
         string_agg((date_part('epoch', e.recorded_at) * 1000)::bigint::text || left(e.direction, 1), ',')
       FROM attendance_event e JOIN person p ON p.id = e.person_id
       WHERE EXISTS (SELECT 1 FROM group_member gm WHERE gm.person_id = p.id AND gm.group_id = $3)
         AND e.voided_at IS NULL AND e.recorded_at >= $1 AND e.recorded_at < $2
       GROUP BY e.person_id`,
      [`${from}T00:00:00+01:00`, `${localDay(0)}T00:00:00+01:00`, groupId],
    );
  });
  console.log(plan.rows.map((row) => row['QUERY PLAN']).join('\n'));
  const pg = await db.query<{ v: string }>("SELECT current_setting('server_version') AS v");
  const ms = (value: number) => `${value.toFixed(0)} ms`;
  const loadAtEnd = os.loadavg()[0] ?? 0;
  const load = Math.max(loadAtEnd, loadAtStart);
  await writeResultsSection('attendance-report', [
    '## Attendance report and board (PostgreSQL, HTTP)',
    '',
    `- Date: ${new Date().toISOString()}; CPU: ${os.cpus()[0]?.model ?? 'unknown'} (${String(os.cpus().length)} cores, load ${loadAtStart.toFixed(1)} when the requests began, ${loadAtEnd.toFixed(1)} at the end); Node ${process.version}; PostgreSQL ${pg.rows[0]?.v ?? '?'}.`,
    `- Command: \`PEOPLE=${String(PEOPLE)} DAYS=${String(DAYS)} REPEAT=${String(REPEAT)} npx tsx bench/attendance-report.ts\`; ${String(events)} events in ${ZONE}.`,
    ...(load > 2
      ? [
          `- The machine was shared and busy (load ${load.toFixed(1)} on 2 cores): the figures include waiting for the CPU behind other work.`,
        ]
      : []),
    '- Identify p50 at 100k templates before/after the day model: bench/identify-before-after.ts (its own section).',
    '',
    '| Request | People | Median | Max | Body | Target |',
    '| --- | --- | --- | --- | --- | --- |',
    `| Period report, ${String(DAYS)} days, one group | ${String(PEOPLE)} | ${ms(report.median)} | ${ms(report.max)} | ${(report.bytes / 1024).toFixed(0)} KiB | < 1 s at 10,000 × 30 |`,
    `| Today's board, one group | ${String(PEOPLE)} | ${ms(board.median)} | ${ms(board.max)} | ${(board.bytes / 1024).toFixed(0)} KiB | < 200 ms at 10,000 |`,
  ]);
} finally {
  await close();
}
