import type {
  AttendanceDays,
  AttendanceReport,
  Board,
  Group,
  PersonDay,
  Timesheet,
} from '@attendance/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attendanceCalls } from '../support/attendance-calls.js';
import { randomUnitVector, seededRandom } from '../support/embeddings.js';
import { enrollPerson, startTestServer, type TestServer } from '../support/test-server.js';

const HOUR = 3600;
const DAY_START_HOURS = 4;

/** Today's working day in `zone` with the 04:00 day start, as the board should compute it. */
const workingToday = (zone: string) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: zone }).format(
    new Date(Date.now() - DAY_START_HOURS * HOUR * 1000),
  );

/**
 * Schedules in their own time zones, in an installation in Europe/Berlin with a 04:00 day start. The US
 * moved its clocks on 8 March 2026, Europe on 29 March: between the two New York is 5 hours behind Berlin
 * instead of 6. Ana works in Berlin (a schedule without a zone: the installation's); Ned in New York; Nia on
 * night shifts in New York; Cy has no schedule. The same instants give each their own days and lateness.
 */
describe.each(['pglite', 'postgres'] as const)('schedules in their own time zones (%s)', (driver) => {
  let server: TestServer;
  const random = seededRandom(driver === 'pglite' ? 2191 : 2192);
  const people: Record<string, { id: string; face: number[] }> = {};
  const groups: Record<string, string> = {};

  const { inject, call, sight } = attendanceCalls(() => server, people);
  const daysOf = (name: string, from: string, to: string) =>
    call<AttendanceDays>('GET', `/v1/attendance/days?from=${from}&to=${to}&person_id=${people[name]?.id}`);
  const dayOf = async (name: string, date: string): Promise<PersonDay> => {
    const [day] = (await daysOf(name, date, date)).items;
    if (!day) throw new Error(`no day ${date} for ${name}`);
    return day;
  };

  beforeAll(async () => {
    server = await startTestServer({
      driver,
      env: { ATTENDANCE_TIMEZONE: 'Europe/Berlin', ATTENDANCE_DAY_START: '04:00' },
    });
    await call('PUT', '/v1/cameras/door-in/role', { role: 'entry' });
    await call('PUT', '/v1/cameras/door-out/role', { role: 'exit' });
    for (const name of ['Ana', 'Ned', 'Nia', 'Cy', 'Tom']) {
      const face = randomUnitVector(512, random);
      people[name] = { id: await enrollPerson(server, name, [face]), face };
    }
    const office = { work_days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00', grace_minutes: 0 };
    const create = async (name: string, schedule: object) =>
      (groups[name] = (await call<Group>('POST', '/v1/groups', { name, schedule })).id);
    await create('Berlin office', office);
    // Written in lower case: stored as the time-zone database spells it.
    await create('New York office', { ...office, time_zone: 'america/new_york' });
    const nights = { work_days: [1, 2, 3, 4, 5, 6, 7], start: '22:00', end: '03:00', grace_minutes: 0 };
    await create('New York nights', { ...nights, time_zone: 'America/New_York' });
    await create('Tokyo desk', { ...office, work_days: [1, 2, 3, 4, 5, 6, 7], time_zone: 'Asia/Tokyo' });
    const join = (group: string, name: string) =>
      call('PUT', `/v1/groups/${groups[group]}/members/${people[name]?.id}`);
    await join('Berlin office', 'Ana');
    await join('New York office', 'Ned');
    await join('New York nights', 'Nia');
    await join('Tokyo desk', 'Tom');
    await call('PUT', '/v1/holidays/2026-03-10', { name: 'Founders day' });

    for (const name of ['Ana', 'Ned']) {
      // Friday 6 March, New York still on EST (UTC−5): 08:55–17:05 there, 14:55–23:05 in Berlin.
      await sight(name, 'door-in', '2026-03-06T13:55:00Z');
      await sight(name, 'door-out', '2026-03-06T22:05:00Z');
      // Monday 9 March, New York on EDT (UTC−4): the same 13:55 UTC is 09:55 there.
      await sight(name, 'door-in', '2026-03-09T13:55:00Z');
      await sight(name, 'door-out', '2026-03-09T21:05:00Z');
      // 03:30 UTC on 11 March: 23:30 on the 10th in New York (the holiday), 04:30 on the 11th in Berlin.
      await sight(name, 'lobby', '2026-03-11T03:30:00Z');
    }
    // Nia's night from Wednesday 11 March, New York time: in 22:10 (EDT), out 03:05 the next morning. In
    // Berlin these are 03:10 and 08:05 on the 12th, which the Berlin day start would split over two days.
    await sight('Nia', 'door-in', '2026-03-12T02:10:00Z');
    await sight('Nia', 'door-out', '2026-03-12T07:05:00Z');
  }, 240_000);
  afterAll(async () => {
    await server?.close();
  });

  it('returns each schedule with its zone, and the installation zone for schedules without one', async () => {
    const list = await call<{ items: Group[]; time_zone: string }>('GET', '/v1/groups');
    expect(list.time_zone).toBe('Europe/Berlin');
    const zones = Object.fromEntries(list.items.map((group) => [group.name, group.schedule?.time_zone]));
    expect(zones).toEqual({
      'Berlin office': null,
      'New York office': 'America/New_York',
      'New York nights': 'America/New_York',
      'Tokyo desk': 'Asia/Tokyo',
    });
  });

  it('judges the same instants late or on time in each schedule’s zone, across the US change', async () => {
    const ned = await daysOf('Ned', '2026-03-06', '2026-03-09');
    const ana = await daysOf('Ana', '2026-03-06', '2026-03-09');
    expect(ned.items.map((d) => [d.date, d.status, d.time_zone])).toEqual([
      ['2026-03-06', 'present', 'America/New_York'],
      ['2026-03-07', 'off', 'America/New_York'],
      ['2026-03-08', 'off', 'America/New_York'],
      ['2026-03-09', 'late', 'America/New_York'],
    ]);
    expect(ana.items.map((d) => [d.date, d.status, d.time_zone])).toEqual([
      ['2026-03-06', 'late', 'Europe/Berlin'],
      ['2026-03-07', 'off', 'Europe/Berlin'],
      ['2026-03-08', 'off', 'Europe/Berlin'],
      ['2026-03-09', 'late', 'Europe/Berlin'],
    ]);
    expect(ned.items[0]).toMatchObject({
      late: false,
      left_early: false,
      present_seconds: 8 * HOUR + 10 * 60,
    });
    expect(ned.items[3]).toMatchObject({
      late: true,
      left_early: false,
      present_seconds: 7 * HOUR + 10 * 60,
    });
  });

  it('places an instant on the day of the person’s zone, a holiday being a date of that zone', async () => {
    // 23:30 on 10 March in New York: Ned's holiday, on which he was seen anyway.
    const nedHoliday = await dayOf('Ned', '2026-03-10');
    expect(nedHoliday).toMatchObject({ status: 'holiday', first_in: '2026-03-11T03:30:00.000Z' });
    expect(await dayOf('Ned', '2026-03-11')).toMatchObject({ status: 'absent', first_in: null });
    // 04:30 on 11 March in Berlin: an ordinary Wednesday for Ana, who was not seen on her holiday.
    expect(await dayOf('Ana', '2026-03-10')).toMatchObject({ status: 'holiday', first_in: null });
    expect(await dayOf('Ana', '2026-03-11')).toMatchObject({
      status: 'present',
      first_in: '2026-03-11T03:30:00.000Z',
    });

    const seen = await call<AttendanceDays>(
      'GET',
      `/v1/attendance/days?from=2026-03-10&to=2026-03-11&seen=true&group_id=${groups['New York office']}`,
    );
    expect(seen.time_zone).toBe('America/New_York');
    expect(seen.items.map((d) => [d.person.name, d.date, d.time_zone])).toEqual([
      ['Ned', '2026-03-10', 'America/New_York'],
    ]);
  });

  it('keeps a night shift in a non-installation zone on one working day', async () => {
    const nights = await daysOf('Nia', '2026-03-11', '2026-03-12');
    expect(nights.items.map((d) => [d.date, d.status])).toEqual([
      ['2026-03-11', 'late'],
      ['2026-03-12', 'absent'],
    ]);
    expect(nights.items[0]).toMatchObject({
      first_in: '2026-03-12T02:10:00.000Z',
      last_out: '2026-03-12T07:05:00.000Z',
      present_seconds: 4 * HOUR + 55 * 60,
      late: true,
      left_early: false,
      inside: false,
    });
  });

  it('reports and timesheets name the zone of each person’s days', async () => {
    const report = await call<AttendanceReport>('GET', '/v1/attendance/report?from=2026-03-06&to=2026-03-11');
    expect(report.time_zone).toBe('Europe/Berlin');
    const rows = Object.fromEntries(report.items.map((row) => [row.person.name, row]));
    expect(rows.Ned).toMatchObject({
      time_zone: 'America/New_York',
      days_present: 3,
      late_count: 1,
      holiday_days: 1,
      absent_days: 1,
    });
    expect(rows.Ana).toMatchObject({
      time_zone: 'Europe/Berlin',
      days_present: 3,
      late_count: 2,
      holiday_days: 1,
    });
    expect(rows.Cy).toMatchObject({ time_zone: 'Europe/Berlin', days_present: 0 });
    const byGroup = await call<AttendanceReport>(
      'GET',
      `/v1/attendance/report?from=2026-03-06&to=2026-03-11&group_id=${groups['New York office']}`,
    );
    expect(byGroup.time_zone).toBe('America/New_York');

    const sheet = await call<Timesheet>(
      'GET',
      `/v1/attendance/timesheet?person_id=${people.Ned?.id}&month=2026-03`,
    );
    expect(sheet.time_zone).toBe('America/New_York');
    expect(sheet.days.find((d) => d.date === '2026-03-10')).toMatchObject({ status: 'holiday' });
  });

  it('exports each row’s local times in its own zone, the zone in a column', async () => {
    const response = await inject(
      'GET',
      '/v1/attendance/days/export?format=csv&from=2026-03-06&to=2026-03-06&seen=true',
    );
    expect(response.statusCode, response.body).toBe(200);
    const lines = response.body.replace(/^\uFEFF/, '').split('\r\n');
    expect(lines[0]).toBe(
      'Date,Person ID,Name,External ID,Status,Late,Left early,Time zone,First in (local),Last out (local),Hours,Events',
    );
    expect(lines.slice(1)).toEqual([
      `2026-03-06,${people.Ana?.id},Ana,,late,true,false,Europe/Berlin,2026-03-06 14:55:00,2026-03-06 23:05:00,8.17,2`,
      `2026-03-06,${people.Ned?.id},Ned,,present,false,false,America/New_York,2026-03-06 08:55:00,2026-03-06 17:05:00,8.17,2`,
      '',
    ]);
  });

  it('puts everyone on the board on their own today, named where it is not the board’s', async () => {
    await sight('Tom', 'door-in');
    const board = await call<Board>('GET', `/v1/attendance/board?group_id=${groups['Tokyo desk']}`);
    expect(board).toMatchObject({ time_zone: 'Asia/Tokyo', date: workingToday('Asia/Tokyo') });
    expect(board.people).toMatchObject([{ person: { name: 'Tom' }, inside: true }]);
    // The group's own zone and today are the board's: not repeated per person.
    expect(board.people[0]).not.toHaveProperty('time_zone');
    expect(board.people[0]).not.toHaveProperty('date');

    const everyone = await call<Board>('GET', '/v1/attendance/board');
    expect(everyone).toMatchObject({ time_zone: 'Europe/Berlin', date: workingToday('Europe/Berlin') });
    const entries = Object.fromEntries(everyone.people.map((entry) => [entry.person.name, entry]));
    const todayOf = (name: string) => entries[name]?.date ?? everyone.date;
    const zoneOf = (name: string) => entries[name]?.time_zone ?? everyone.time_zone;
    expect([zoneOf('Ned'), todayOf('Ned')]).toEqual(['America/New_York', workingToday('America/New_York')]);
    expect([zoneOf('Tom'), todayOf('Tom')]).toEqual(['Asia/Tokyo', workingToday('Asia/Tokyo')]);
    expect([zoneOf('Cy'), todayOf('Cy')]).toEqual(['Europe/Berlin', workingToday('Europe/Berlin')]);
    expect(entries.Cy).not.toHaveProperty('time_zone');
    expect(entries.Tom).toMatchObject({ time_zone: 'Asia/Tokyo', inside: true });
  });

  it('refuses an unknown zone with 400 validation_failed and writes nothing', async () => {
    const schedule = { work_days: [1], start: '09:00', end: '17:00' };
    for (const zone of ['Mars/Olympus', '+01:00', 'Europe/Berlin; DROP TABLE person', '', 'x'.repeat(65)]) {
      const response = await inject('POST', '/v1/groups', {
        name: 'Nowhere',
        schedule: { ...schedule, time_zone: zone },
      });
      expect(response.statusCode, zone).toBe(400);
      expect(response.json()).toMatchObject({ error: { code: 'validation_failed' } });
      expect(response.body).toMatch(/time.zone/);
    }
    const edited = await inject('PUT', `/v1/groups/${groups['Berlin office']}`, {
      name: 'Berlin office',
      schedule: { ...schedule, time_zone: 'Mars/Olympus' },
    });
    expect(edited.statusCode).toBe(400);
    const { rows } = await server.db.query<{ n: number; zone: string | null }>(
      `SELECT (SELECT count(*)::int FROM attendance_group WHERE name = 'Nowhere') AS n,
              (SELECT time_zone FROM attendance_group WHERE name = 'Berlin office') AS zone`,
    );
    expect(rows[0]).toEqual({ n: 0, zone: null });
  });
});
