import type { AttendanceDays, AttendanceReport, Board, Timesheet } from '@attendance/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../support/api-keys.js';
import { attendanceCalls } from '../support/attendance-calls.js';
import { randomUnitVector, seededRandom } from '../support/embeddings.js';
import { enrollPerson, startTestServer, type TestServer } from '../support/test-server.js';

const HOUR = 3600;

/**
 * Days, board, report and timesheet from events recorded through identify with their capture times (as an
 * edge's offline queue replays them), in Europe/Berlin, over the week of the spring daylight-saving change.
 */
describe.each(['pglite', 'postgres'] as const)('attendance days and reports (%s)', (driver) => {
  let server: TestServer;
  let admin: Record<string, string>;
  const random = seededRandom(driver === 'pglite' ? 2141 : 2142);
  const people: Record<string, { id: string; face: number[] }> = {};
  let office = '';
  let always = '';

  const { call, sight } = attendanceCalls(() => server, people);

  beforeAll(async () => {
    server = await startTestServer({ driver, env: { ATTENDANCE_TIMEZONE: 'Europe/Berlin' } });
    admin = { 'x-api-key': server.adminKey };
    await call('PUT', '/v1/cameras/front-in/role', { role: 'entry' });
    await call('PUT', '/v1/cameras/front-out/role', { role: 'exit' });
    for (const name of ['Ada', 'Bob', 'Cy', 'Dee', 'Eve']) {
      const face = randomUnitVector(512, random);
      people[name] = { id: await enrollPerson(server, name, [face]), face };
    }
    const schedule = { work_days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00', grace_minutes: 10 };
    office = (await call<{ id: string }>('POST', '/v1/groups', { name: 'Office', schedule })).id;
    const allDay = { work_days: [1, 2, 3, 4, 5, 6, 7], start: '00:00', end: '23:59', grace_minutes: 0 };
    always = (await call<{ id: string }>('POST', '/v1/groups', { name: 'Always', schedule: allDay })).id;
    for (const name of ['Ada', 'Bob']) await call('PUT', `/v1/groups/${office}/members/${people[name]?.id}`);
    for (const name of ['Dee', 'Eve']) await call('PUT', `/v1/groups/${always}/members/${people[name]?.id}`);
    await call('PUT', '/v1/holidays/2026-03-27', { name: 'Founders day' });
    await call('POST', `/v1/people/${people.Ada?.id}/leave`, { from: '2026-03-26', to: '2026-03-26' });

    // Berlin is UTC+1 until Sunday 29 March 2026 02:00. Monday 23: on time; Tuesday 24: late (09:20).
    await sight('Ada', 'front-in', '2026-03-23T07:55:00Z');
    await sight('Ada', 'front-out', '2026-03-23T16:05:00Z');
    await sight('Ada', 'front-in', '2026-03-24T08:20:00Z');
    await sight('Ada', 'front-out', '2026-03-24T16:00:00Z');
    // Bob leaves at 15:00 on Monday, then nothing.
    await sight('Bob', 'front-in', '2026-03-23T08:00:00Z');
    await sight('Bob', 'front-out', '2026-03-23T14:00:00Z');
    // Cy has no schedule; one camera sees both ways: first to last sighting.
    await sight('Cy', 'lobby', '2026-03-23T08:00:00Z');
    await sight('Cy', 'lobby', '2026-03-23T16:00:00Z');
    // Sunday 29 (23 hours long): 08:00 CEST → 18:00 CEST is 10 hours.
    await sight('Cy', 'front-in', '2026-03-29T06:00:00Z');
    await sight('Cy', 'front-out', '2026-03-29T16:00:00Z');
  }, 240_000);
  afterAll(async () => {
    await server?.close();
  });

  it('lists a person’s days with in, out, hours and status by schedule, holiday and leave', async () => {
    const days = await call<AttendanceDays>(
      'GET',
      `/v1/attendance/days?from=2026-03-23&to=2026-03-27&person_id=${people.Ada?.id}`,
    );
    expect(days).toMatchObject({ total: 5, time_zone: 'Europe/Berlin' });
    expect(days.items.map((d) => [d.date, d.status])).toEqual([
      ['2026-03-23', 'present'],
      ['2026-03-24', 'late'],
      ['2026-03-25', 'absent'],
      ['2026-03-26', 'leave'],
      ['2026-03-27', 'holiday'],
    ]);
    expect(days.items[0]).toMatchObject({
      first_in: '2026-03-23T07:55:00.000Z',
      last_out: '2026-03-23T16:05:00.000Z',
      present_seconds: 8 * HOUR + 10 * 60,
      inside: false,
      late: false,
      left_early: false,
      events: [
        { direction: 'in', camera_id: 'front-in', source: 'camera' },
        { direction: 'out', camera_id: 'front-out', source: 'camera' },
      ],
    });
  });

  it('pages people × days by name then day, and pages only seen days when asked', async () => {
    const all = await call<AttendanceDays>(
      'GET',
      '/v1/attendance/days?from=2026-03-23&to=2026-03-24&limit=3&offset=1',
    );
    expect(all.total).toBe(5 * 2);
    expect(all.items.map((d) => `${d.person.name} ${d.date}`)).toEqual([
      'Ada 2026-03-24',
      'Bob 2026-03-23',
      'Bob 2026-03-24',
    ]);
    const seen = await call<AttendanceDays>(
      'GET',
      '/v1/attendance/days?from=2026-03-23&to=2026-03-29&seen=true&limit=10',
    );
    expect(seen.items.map((d) => `${d.person.name} ${d.date} ${d.present_seconds / HOUR}`)).toEqual([
      'Ada 2026-03-23 8.166666666666666',
      'Ada 2026-03-24 7.666666666666667',
      'Bob 2026-03-23 6',
      'Cy 2026-03-23 8',
      'Cy 2026-03-29 10',
    ]);
    expect(seen.total).toBe(5);
    const page2 = await call<AttendanceDays>(
      'GET',
      '/v1/attendance/days?from=2026-03-23&to=2026-03-29&seen=true&limit=2&offset=4',
    );
    expect(page2).toMatchObject({ total: 5, items: [{ person: { name: 'Cy' }, date: '2026-03-29' }] });
  });

  it('reports a group’s period per person', async () => {
    const report = await call<AttendanceReport>(
      'GET',
      `/v1/attendance/report?from=2026-03-23&to=2026-03-29&group_id=${office}`,
    );
    expect(report).toMatchObject({ total: 2, group_id: office, time_zone: 'Europe/Berlin' });
    expect(report.items).toEqual([
      {
        person: { id: people.Ada?.id, name: 'Ada', external_id: null },
        time_zone: 'Europe/Berlin',
        days_present: 2,
        late_count: 1,
        left_early_count: 0,
        absent_days: 1,
        leave_days: 1,
        holiday_days: 1,
        present_seconds: 8 * HOUR + 10 * 60 + 7 * HOUR + 40 * 60,
      },
      {
        person: { id: people.Bob?.id, name: 'Bob', external_id: null },
        time_zone: 'Europe/Berlin',
        days_present: 1,
        late_count: 0,
        left_early_count: 1,
        absent_days: 3,
        leave_days: 0,
        holiday_days: 1,
        present_seconds: 6 * HOUR,
      },
    ]);
  });

  it('gives a monthly timesheet with every day and the month’s totals', async () => {
    const sheet = await call<Timesheet>(
      'GET',
      `/v1/attendance/timesheet?person_id=${people.Cy?.id}&month=2026-03`,
    );
    expect(sheet.days).toHaveLength(31);
    expect(sheet.days.filter((d) => d.status !== 'off').map((d) => [d.date, d.status])).toEqual([
      ['2026-03-23', 'present'],
      ['2026-03-27', 'holiday'],
      ['2026-03-29', 'present'],
    ]);
    expect(sheet.totals).toMatchObject({ days_present: 2, present_seconds: 18 * HOUR, absent_days: 0 });
  });

  it('shows today’s board: seen now is in, the rest of a scheduled group absent', async () => {
    await sight('Dee', 'front-in');
    const board = await call<Board>('GET', `/v1/attendance/board?group_id=${always}`);
    expect(board.counts).toEqual({ present: 0, late: 1, not_yet_in: 0, absent: 1, on_leave: 0, off: 0 });
    expect(board.people).toMatchObject([
      { person: { name: 'Dee' }, state: 'late', inside: true },
      { person: { name: 'Eve' }, state: 'absent', inside: false, first_in: null },
    ]);
    const everyone = await call<Board>('GET', '/v1/attendance/board');
    expect(everyone.people).toHaveLength(5);
  });

  it('lets viewers read, refuses bad ranges and unknown groups with 4xx codes', async () => {
    const viewer = { 'x-api-key': (await createApiKey(server, 'viewer')).key };
    await call('GET', '/v1/attendance/board', undefined, viewer);
    const bad = [
      '/v1/attendance/days?from=2026-03-24&to=2026-03-23',
      '/v1/attendance/report?from=2026-03-23',
      '/v1/attendance/report?from=2025-01-01&to=2026-03-23',
      '/v1/attendance/timesheet?person_id=nobody&month=2026-03',
      '/v1/attendance/timesheet?person_id=00000000-0000-4000-8000-000000000000&month=2026-13',
    ];
    for (const url of bad) {
      const response = await server.app.inject({ method: 'GET', url, headers: admin });
      expect(response.statusCode, url).toBe(400);
      expect(response.json()).toMatchObject({ error: { code: 'validation_failed' } });
    }
    const unknownGroup = await server.app.inject({
      method: 'GET',
      url: '/v1/attendance/board?group_id=00000000-0000-4000-8000-000000000000',
      headers: admin,
    });
    expect(unknownGroup.statusCode).toBe(404);
    const noKey = await server.app.inject({ method: 'GET', url: '/v1/attendance/board' });
    expect(noKey.statusCode).toBe(401);
  });
});
