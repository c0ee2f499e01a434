import {
  IntegrationEventSchema,
  type AttendanceDays,
  type AttendanceReport,
  type AuditLog,
  type CorrectedEvent,
} from '@attendance/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../support/api-keys.js';
import { attendanceCalls } from '../support/attendance-calls.js';
import { randomUnitVector, seededRandom } from '../support/embeddings.js';
import { enrollPerson, startTestServer, type TestServer } from '../support/test-server.js';

const HOUR = 3600;

describe.each(['pglite', 'postgres'] as const)('attendance corrections (%s)', (driver) => {
  let server: TestServer;
  let operator: { headers: Record<string, string>; id: string };
  let viewer: Record<string, string>;
  const random = seededRandom(driver === 'pglite' ? 2151 : 2152);
  const people: Record<string, { id: string; face: number[] }> = {};
  let office = '';
  let addedId = '';

  const calls = attendanceCalls(() => server, people);
  const { inject, call } = calls;
  /** The id of the event the sighting recorded. */
  const sight = async (name: string, camera: string, at: string) =>
    (await calls.sight(name, camera, at)).results[0]?.event_id ?? '';
  const dayOf = async (name: string, date: string) => {
    const days = await call<AttendanceDays>(
      'GET',
      `/v1/attendance/days?from=${date}&to=${date}&person_id=${people[name]?.id}`,
    );
    return days.items[0];
  };
  const corrected = async () => {
    const { rows } = await server.db.query<{ body: string }>(
      "SELECT body FROM integration_event WHERE type = 'attendance.corrected' ORDER BY occurred_at",
    );
    return rows.map((row) => IntegrationEventSchema.parse(JSON.parse(row.body)));
  };

  beforeAll(async () => {
    server = await startTestServer({
      driver,
      env: { ATTENDANCE_TIMEZONE: 'Europe/Berlin', WEBHOOK_ALLOW_LOOPBACK: 'true' },
    });
    const operatorKey = await createApiKey(server, 'operator');
    operator = { headers: { 'x-api-key': operatorKey.key }, id: operatorKey.id };
    viewer = { 'x-api-key': (await createApiKey(server, 'viewer')).key };
    await call('POST', '/v1/webhooks', { url: 'http://127.0.0.1:9/hook', events: ['attendance.corrected'] });
    await call('PUT', '/v1/cameras/front-in/role', { role: 'entry' });
    await call('PUT', '/v1/cameras/front-out/role', { role: 'exit' });
    for (const name of ['Ada', 'Bob']) {
      const face = randomUnitVector(512, random);
      people[name] = { id: await enrollPerson(server, name, [face]), face };
    }
    const schedule = { work_days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00', grace_minutes: 10 };
    office = (await call<{ id: string }>('POST', '/v1/groups', { name: 'Office', schedule })).id;
    for (const name of ['Ada', 'Bob']) await call('PUT', `/v1/groups/${office}/members/${people[name]?.id}`);
  }, 240_000);
  afterAll(async () => {
    await server?.close();
  });

  it('adds a missed departure: the day gets its hours, the audit log who, what and why', async () => {
    await sight('Ada', 'front-in', '2026-03-23T07:55:00Z');
    expect(await dayOf('Ada', '2026-03-23')).toMatchObject({ inside: true, present_seconds: 0 });

    const added = await call<CorrectedEvent>(
      'POST',
      '/v1/attendance/events',
      {
        person_id: people.Ada?.id,
        recorded_at: '2026-03-23T17:05:00+01:00',
        direction: 'out',
        reason: 'exit camera was off',
      },
      operator.headers,
    );
    addedId = added.id;
    expect(added).toMatchObject({
      person: { name: 'Ada' },
      recorded_at: '2026-03-23T16:05:00.000Z',
      local_day: '2026-03-23',
      direction: 'out',
      camera_id: null,
      source: 'manual',
      voided_at: null,
    });
    expect(await dayOf('Ada', '2026-03-23')).toMatchObject({
      status: 'present',
      inside: false,
      present_seconds: 8 * HOUR + 10 * 60,
      last_out: '2026-03-23T16:05:00.000Z',
      events: [{ source: 'camera' }, { source: 'manual', camera_id: null }],
    });
    const log = await call<AuditLog>('GET', '/v1/audit-log');
    expect(log.items[0]).toMatchObject({
      action: 'attendance.event_added',
      actor_key_id: operator.id,
      subject_id: added.id,
      reason: 'exit camera was off',
    });
  });

  it('reassigns a misrecognised event and voids a wrong one; reports use the corrected events', async () => {
    // Bob came in on Tuesday at 08:55 but was recognised as Ada; Bob's own 07:00 sighting was a mistake.
    const misread = await sight('Ada', 'front-in', '2026-03-24T07:55:00Z');
    await sight('Bob', 'front-out', '2026-03-24T16:00:00Z');
    const wrong = await sight('Bob', 'front-in', '2026-03-25T06:00:00Z');

    const moved = await call<CorrectedEvent>(
      'POST',
      `/v1/attendance/events/${misread}/reassign`,
      { person_id: people.Bob?.id, reason: 'recognised as Ada, it was Bob' },
      operator.headers,
    );
    expect(moved).toMatchObject({ person: { name: 'Bob' }, local_day: '2026-03-24' });
    const voided = await call<CorrectedEvent>(
      'POST',
      `/v1/attendance/events/${wrong}/void`,
      { reason: 'a visitor' },
      operator.headers,
    );
    expect(voided).toMatchObject({ void_reason: 'a visitor', camera_id: 'front-in', source: 'camera' });
    expect(voided.voided_at).not.toBeNull();

    expect(await dayOf('Ada', '2026-03-24')).toMatchObject({ status: 'absent', events: [] });
    expect(await dayOf('Bob', '2026-03-24')).toMatchObject({
      status: 'present',
      present_seconds: 8 * HOUR + 5 * 60,
    });
    expect(await dayOf('Bob', '2026-03-25')).toMatchObject({ status: 'absent', events: [] });
    const report = await call<AttendanceReport>(
      'GET',
      `/v1/attendance/report?from=2026-03-23&to=2026-03-25&group_id=${office}`,
    );
    expect(report.items.map((row) => [row.person.name, row.days_present, row.absent_days])).toEqual([
      ['Ada', 1, 2],
      ['Bob', 1, 2],
    ]);

    const log = await call<AuditLog>('GET', '/v1/audit-log?limit=2');
    expect(log.items.map((entry) => [entry.action, entry.subject_id, entry.reason])).toEqual([
      ['attendance.event_voided', wrong, 'a visitor'],
      ['attendance.event_reassigned', misread, 'recognised as Ada, it was Bob'],
    ]);
    const events = await corrected();
    expect(events.map((event) => event.type === 'attendance.corrected' && event.data.action)).toEqual([
      'added',
      'reassigned',
      'voided',
    ]);
    expect(events[1]).toMatchObject({
      data: {
        attendance_event_id: misread,
        person: { id: people.Bob?.id, name: 'Bob' },
        previous_person_id: people.Ada?.id,
        local_day: '2026-03-24',
        reason: 'recognised as Ada, it was Bob',
      },
    });
  });

  it('refuses viewers, missing reasons, unknown events and people, and void twice, writing nothing', async () => {
    const event = await sight('Ada', 'front-in', '2026-03-26T07:50:00Z');
    const auditBefore = (await call<AuditLog>('GET', '/v1/audit-log')).total;
    const outboxBefore = (await corrected()).length;
    const refusals: [string, object, Record<string, string>, number, string][] = [
      ['/v1/attendance/events/' + event + '/void', { reason: 'x' }, viewer, 403, 'forbidden'],
      ['/v1/attendance/events/' + event + '/void', {}, operator.headers, 400, 'validation_failed'],
      [
        '/v1/attendance/events/' + event + '/void',
        { reason: '  ' },
        operator.headers,
        400,
        'validation_failed',
      ],
      [
        '/v1/attendance/events',
        { person_id: people.Ada?.id, recorded_at: '2026-03-26T09:00:00', direction: 'in', reason: 'x' },
        operator.headers,
        400,
        'validation_failed',
      ],
      [
        '/v1/attendance/events',
        {
          person_id: '00000000-0000-4000-8000-000000000000',
          recorded_at: '2026-03-26T09:00:00Z',
          direction: 'in',
          reason: 'x',
        },
        operator.headers,
        404,
        'not_found',
      ],
      [
        '/v1/attendance/events/00000000-0000-4000-8000-000000000000/void',
        { reason: 'x' },
        operator.headers,
        404,
        'not_found',
      ],
      [
        `/v1/attendance/events/${event}/reassign`,
        { person_id: '00000000-0000-4000-8000-000000000000', reason: 'x' },
        operator.headers,
        404,
        'not_found',
      ],
      [
        `/v1/attendance/events/${event}/reassign`,
        { person_id: people.Ada?.id, reason: 'x' },
        operator.headers,
        409,
        'conflict',
      ],
    ];
    for (const [url, payload, headers, status, code] of refusals) {
      const response = await inject('POST', url, payload, headers);
      expect(response.statusCode, `${url} ${JSON.stringify(payload)}`).toBe(status);
      expect(response.json()).toMatchObject({ error: { code } });
    }
    expect((await call<AuditLog>('GET', '/v1/audit-log')).total).toBe(auditBefore);
    expect(await corrected()).toHaveLength(outboxBefore);
    expect(await dayOf('Ada', '2026-03-26')).toMatchObject({ events: [{ id: event }] });

    await call('POST', `/v1/attendance/events/${event}/void`, { reason: 'test' });
    const twice = await inject('POST', `/v1/attendance/events/${event}/void`, { reason: 'test' });
    expect(twice.statusCode).toBe(409);
    expect(twice.json()).toMatchObject({ error: { code: 'conflict' } });
  });

  it('erasing a person erases their events, those added by hand too, and the reasons about them', async () => {
    const erased = await inject('DELETE', `/v1/people/${people.Ada?.id}`);
    expect(erased.statusCode, erased.body).toBe(204);
    const { rows } = await server.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM attendance_event WHERE id = $1 OR person_id = $2',
      [addedId, people.Ada?.id],
    );
    expect(rows[0]?.n).toBe(0);
    const log = await call<AuditLog>('GET', '/v1/audit-log?limit=100');
    const about = (subject: string) => log.items.find((entry) => entry.subject_id === subject);
    expect(about(addedId)).toMatchObject({ action: 'attendance.event_added', reason: null });
    expect(log.items.find((entry) => entry.action === 'attendance.event_reassigned')?.reason).toBe(
      'recognised as Ada, it was Bob',
    );
    expect(about(people.Ada?.id ?? '')).toMatchObject({
      action: 'person.erased',
      counts: { correction_reasons_cleared: 2 },
    });
  });
});
