import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUnitVector, seededRandom } from '../support/embeddings.js';
import { createApiKey } from '../support/api-keys.js';
import { enrollPerson, startTestServer, type TestServer } from '../support/test-server.js';

describe.each(['pglite', 'postgres'] as const)('groups, schedules, holidays and leave (%s)', (driver) => {
  let server: TestServer;
  let admin: Record<string, string>;
  const random = seededRandom(driver === 'pglite' ? 2131 : 2132);

  beforeAll(async () => {
    server = await startTestServer({ driver });
    admin = { 'x-api-key': server.adminKey };
  }, 240_000);
  afterAll(async () => {
    await server?.close();
  });

  const call = (
    method: 'GET' | 'POST' | 'PUT' | 'DELETE',
    url: string,
    payload?: Record<string, unknown>,
    headers = admin,
  ) => server.app.inject({ method, url, headers, ...(payload === undefined ? {} : { payload }) });

  it('creates a group with a schedule, adds and removes members, and refuses a taken name', async () => {
    const ada = await enrollPerson(server, 'Ada', [randomUnitVector(512, random)]);
    const created = await call('POST', '/v1/groups', {
      name: 'Accounts',
      schedule: { work_days: [5, 1, 2, 3, 4], start: '09:00', end: '17:30', grace_minutes: 10 },
    });
    expect(created.statusCode, created.body).toBe(201);
    const group = created.json<{ id: string }>();
    expect(created.json()).toMatchObject({
      name: 'Accounts',
      schedule: { work_days: [1, 2, 3, 4, 5], start: '09:00', end: '17:30', grace_minutes: 10 },
      member_ids: [],
    });
    const added = await call('PUT', `/v1/groups/${group.id}/members/${ada}`);
    expect(added.json()).toMatchObject({ member_ids: [ada] });
    expect((await call('PUT', `/v1/groups/${group.id}/members/${ada}`)).json()).toMatchObject({
      member_ids: [ada],
    });
    const taken = await call('POST', '/v1/groups', { name: 'Accounts' });
    expect(taken.statusCode).toBe(409);
    expect(taken.json()).toMatchObject({ error: { code: 'conflict' } });

    const renamed = await call('PUT', `/v1/groups/${group.id}`, { name: 'Finance', schedule: null });
    expect(renamed.json()).toMatchObject({ name: 'Finance', schedule: null, member_ids: [ada] });
    const removed = await call('DELETE', `/v1/groups/${group.id}/members/${ada}`);
    expect(removed.json()).toMatchObject({ member_ids: [] });
    expect((await call('DELETE', `/v1/groups/${group.id}`)).statusCode).toBe(204);
    expect((await call('GET', `/v1/groups/${group.id}`)).statusCode).toBe(404);
  });

  it('refuses bad schedules and unknown people with 4xx codes and writes nothing', async () => {
    const bad = [
      { name: 'X', schedule: { work_days: [0], start: '09:00', end: '17:00' } },
      { name: 'X', schedule: { work_days: [1], start: '9am', end: '17:00' } },
      { name: '', schedule: null },
      { name: 'X', extra: true },
    ];
    for (const payload of bad) {
      const response = await call('POST', '/v1/groups', payload);
      expect(response.statusCode, JSON.stringify(payload)).toBe(400);
      expect(response.json()).toMatchObject({ error: { code: 'validation_failed' } });
    }
    const group = (await call('POST', '/v1/groups', { name: 'Class 3B' })).json<{ id: string }>();
    const stranger = await call('PUT', `/v1/groups/${group.id}/members/00000000-0000-4000-8000-000000000000`);
    expect(stranger.statusCode).toBe(404);
    const { rows } = await server.db.query('SELECT 1 FROM attendance_group WHERE name = $1', ['X']);
    expect(rows).toHaveLength(0);
  });

  it('keeps holidays and leave; viewers read, only admins change', async () => {
    const viewer = { 'x-api-key': (await createApiKey(server, 'viewer')).key };
    const grace = await enrollPerson(server, 'Grace', [randomUnitVector(512, random)]);
    expect((await call('PUT', '/v1/holidays/2026-12-25', { name: 'Christmas' })).statusCode).toBe(200);
    expect((await call('PUT', '/v1/holidays/2026-12-26', { name: 'Boxing Day' }, viewer)).statusCode).toBe(
      403,
    );
    const holidays = await call('GET', '/v1/holidays?from=2026-12-01&to=2026-12-31', undefined, viewer);
    expect(holidays.json()).toEqual({ items: [{ day: '2026-12-25', name: 'Christmas' }] });

    const leave = await call('POST', `/v1/people/${grace}/leave`, {
      from: '2026-08-03',
      to: '2026-08-14',
      reason: 'summer',
    });
    expect(leave.statusCode, leave.body).toBe(201);
    const backwards = await call('POST', `/v1/people/${grace}/leave`, {
      from: '2026-08-14',
      to: '2026-08-03',
    });
    expect(backwards.statusCode).toBe(400);
    const listed = await call('GET', `/v1/people/${grace}/leave`, undefined, viewer);
    expect(listed.json()).toMatchObject({
      items: [{ person_id: grace, from: '2026-08-03', to: '2026-08-14', reason: 'summer' }],
    });
    const leaveId = leave.json<{ id: string }>().id;
    expect((await call('DELETE', `/v1/people/${grace}/leave/${leaveId}`)).statusCode).toBe(204);
    expect((await call('DELETE', `/v1/people/${grace}/leave/${leaveId}`)).statusCode).toBe(404);
    expect((await call('DELETE', '/v1/holidays/2026-12-25')).statusCode).toBe(204);
  });
});
