import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUnitVector, seededRandom, vectorAtCosine } from '../support/embeddings.js';
import { rowCounts } from '../support/row-counts.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

describe.each(['pglite', 'postgres'] as const)('compatibility routes and attendance (%s)', (driver) => {
  let server: TestServer;
  let headers: Record<string, string>;
  const random = seededRandom(driver === 'pglite' ? 31 : 32);

  beforeAll(async () => {
    // A time zone far from UTC makes the local-day computation observable.
    server = await startTestServer({ driver, env: { ATTENDANCE_TIMEZONE: 'Asia/Kolkata' } });
    headers = { 'x-api-key': server.adminKey };
  });
  afterAll(async () => {
    await server?.close();
  });

  it('register → identify → history through the original routes', async () => {
    const face = randomUnitVector(512, random);
    const registered = await server.app.inject({
      method: 'POST',
      url: '/persons/register',
      headers,
      payload: { name: 'Linus', employee_id: 'EMP-42', embedding: face },
    });
    expect(registered.statusCode, registered.body).toBe(200);
    expect(registered.json()).toMatchObject({
      name: 'Linus',
      employee_id: 'EMP-42',
      role: 'employee',
      is_active: true,
    });

    const probe = vectorAtCosine(face, 0.85, random);
    const first = await server.app.inject({
      method: 'POST',
      url: '/attendance/identify',
      headers,
      payload: { embedding: probe, camera_id: 'Pro_Cam_01' },
    });
    expect(first.json()).toMatchObject({ status: 'success', person_name: 'Linus', employee_id: 'EMP-42' });
    expect(first.json<{ similarity: number }>().similarity).toBeCloseTo(0.85, 3);
    const second = await server.app.inject({
      method: 'POST',
      url: '/attendance/identify',
      headers,
      payload: { embedding: probe, camera_id: 'Pro_Cam_01' },
    });
    expect(second.json()).toMatchObject({ status: 'ignored', message: 'Attendance already marked recently' });
    const stranger = await server.app.inject({
      method: 'POST',
      url: '/attendance/identify',
      headers,
      payload: { embedding: randomUnitVector(512, random), camera_id: 'Pro_Cam_01' },
    });
    expect(stranger.json()).toMatchObject({
      status: 'unknown',
      person_name: null,
      message: 'No matching person found',
    });

    const history = await server.app.inject({
      method: 'GET',
      url: '/attendance/history?skip=0&limit=10',
      headers,
    });
    const rows = history.json<{ date: string; person: { name: string; employee_id: string } }[]>();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ method: 'face_bio', person: { name: 'Linus', employee_id: 'EMP-42' } });
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Kolkata' }).format(new Date());
    expect(rows[0]?.date).toBe(today);
    const byDate = await server.app.inject({
      method: 'GET',
      url: '/attendance/history?date=2001-01-01',
      headers,
    });
    expect(byDate.json()).toEqual([]);
    const badDate = await server.app.inject({
      method: 'GET',
      url: '/attendance/history?date=01-01-2001',
      headers,
    });
    expect(badDate.statusCode).toBe(400);
    const badLimit = await server.app.inject({
      method: 'GET',
      url: '/attendance/history?limit=501',
      headers,
    });
    expect(badLimit.statusCode).toBe(400);
  });

  it('compat identify rejects a wrong dimension and register a duplicate face, writing nothing', async () => {
    const before = await rowCounts(server.db);
    const wrong = await server.app.inject({
      method: 'POST',
      url: '/attendance/identify',
      headers,
      payload: { embedding: [0.1, 0.2], camera_id: 'Pro_Cam_01' },
    });
    expect(wrong.statusCode).toBe(422);
    const face = randomUnitVector(512, random);
    await server.app.inject({
      method: 'POST',
      url: '/persons/register',
      headers,
      payload: { name: 'Orig', embedding: face },
    });
    const afterFirst = await rowCounts(server.db);
    expect(afterFirst.person).toBe(before.person + 1);
    const dup = await server.app.inject({
      method: 'POST',
      url: '/persons/register',
      headers,
      payload: { name: 'Copy', employee_id: 'C-1', embedding: face },
    });
    expect(dup.statusCode).toBe(409);
    expect(dup.json()).toMatchObject({ error: { code: 'duplicate_face' } });
    expect(dup.body).not.toContain('Orig');
    expect(await rowCounts(server.db)).toEqual(afterFirst);
  });

  it('v1 attendance filters by local day range, person and camera with paging', async () => {
    const faces = [randomUnitVector(512, random), randomUnitVector(512, random)];
    const ids: string[] = [];
    for (const [i, face] of faces.entries()) {
      const created = await server.app.inject({
        method: 'POST',
        url: '/v1/people',
        headers,
        payload: { name: `Filter ${i}`, templates: { model: 'default-512', embeddings: [face] } },
      });
      ids.push(created.json<{ id: string }>().id);
      await server.app.inject({
        method: 'POST',
        url: '/v1/identify',
        headers,
        payload: { camera_id: `gate-${i}`, model: 'default-512', faces: [{ embedding: face }] },
      });
    }
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Kolkata' }).format(new Date());
    const byPerson = await server.app.inject({
      method: 'GET',
      url: `/v1/attendance?person_id=${ids[0] ?? ''}`,
      headers,
    });
    expect(byPerson.json()).toMatchObject({
      total: 1,
      items: [{ person: { id: ids[0] }, camera_id: 'gate-0', local_day: today }],
    });
    const byCamera = await server.app.inject({
      method: 'GET',
      url: '/v1/attendance?camera_id=gate-1',
      headers,
    });
    expect(byCamera.json()).toMatchObject({ total: 1, items: [{ person: { id: ids[1] } }] });
    const range = await server.app.inject({
      method: 'GET',
      url: `/v1/attendance?from=${today}&to=${today}&limit=1`,
      headers,
    });
    expect(range.json<{ total: number; items: unknown[] }>().items).toHaveLength(1);
    expect(range.json<{ total: number }>().total).toBeGreaterThanOrEqual(2);
    const past = await server.app.inject({
      method: 'GET',
      url: '/v1/attendance?from=2000-01-01&to=2000-01-02',
      headers,
    });
    expect(past.json()).toMatchObject({ total: 0, items: [] });
    const bad = await server.app.inject({ method: 'GET', url: '/v1/attendance?from=yesterday', headers });
    expect(bad.statusCode).toBe(400);
  });
});
