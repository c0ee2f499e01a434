import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUnitVector, seededRandom, vectorAtCosine } from '../support/embeddings.js';
import { enrollPerson, identifyFace, startTestServer, type TestServer } from '../support/test-server.js';

const MODEL = 'default-512';
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

interface Result {
  status: string;
  event_id: string | null;
}

function sight(server: TestServer, face: number[], cameraId: string, capturedAt?: Date) {
  return identifyFace(server, face, { cameraId, model: MODEL, ...(capturedAt ? { capturedAt } : {}) });
}

async function status(server: TestServer, face: number[], cameraId: string, capturedAt?: Date) {
  const response = await sight(server, face, cameraId, capturedAt);
  expect(response.statusCode, response.body).toBe(200);
  return response.json<{ results: Result[] }>().results[0]?.status;
}

async function setRole(server: TestServer, cameraId: string, role: string) {
  const response = await server.app.inject({
    method: 'PUT',
    url: `/v1/cameras/${cameraId}/role`,
    headers: { 'x-api-key': server.adminKey },
    payload: { role },
  });
  expect(response.statusCode, response.body).toBe(200);
  return response.json<{ id: string; role: string }>();
}

async function compatIdentify(server: TestServer, face: number[]) {
  const response = await server.app.inject({
    method: 'POST',
    url: '/attendance/identify',
    headers: { 'x-api-key': server.adminKey },
    payload: { embedding: face, camera_id: 'Pro_Cam_01' },
  });
  return response.json<{ status: string }>().status;
}

async function eventsOf(server: TestServer, personId: string) {
  const { rows } = await server.db.query<{ direction: string; recorded_at: Date; camera_id: string }>(
    'SELECT direction, recorded_at, camera_id FROM attendance_event WHERE person_id = $1 ORDER BY recorded_at',
    [personId],
  );
  return rows.map((r) => ({ ...r, recorded_at: new Date(r.recorded_at).toISOString() }));
}

describe.each(['pglite', 'postgres'] as const)('sightings in day mode (%s)', (driver) => {
  let server: TestServer;
  const random = seededRandom(driver === 'pglite' ? 2101 : 2102);
  const base = new Date(Date.now() - 3 * 86_400_000);
  base.setUTCHours(8, 0, 0, 0);

  beforeAll(async () => {
    server = await startTestServer({ driver });
    await setRole(server, 'front-in', 'entry');
    await setRole(server, 'front-out', 'exit');
  }, 240_000);
  afterAll(async () => {
    await server?.close();
  });

  it('cameras carry a role (both by default) and events take their direction from it', async () => {
    const face = randomUnitVector(512, random);
    const id = await enrollPerson(server, 'Ada', [face]);
    expect(await status(server, face, 'front-in', base)).toBe('recorded');
    expect(await status(server, face, 'lobby', new Date(base.getTime() + 2 * HOUR))).toBe('recorded');
    expect(await status(server, face, 'front-out', new Date(base.getTime() + 9 * HOUR))).toBe('recorded');
    expect((await eventsOf(server, id)).map((e) => e.direction)).toEqual(['in', 'both', 'out']);
    const cameras = await server.app.inject({
      method: 'GET',
      url: '/v1/cameras',
      headers: { 'x-api-key': server.adminKey },
    });
    const roles = Object.fromEntries(
      cameras.json<{ items: { id: string; role: string }[] }>().items.map((c) => [c.id, c.role]),
    );
    expect(roles).toMatchObject({ 'front-in': 'entry', 'front-out': 'exit', lobby: 'both' });
  });

  it('a repeat within the sighting gap is not an event; one after it is', async () => {
    const face = randomUnitVector(512, random);
    const id = await enrollPerson(server, 'Grace', [face]);
    const t = base.getTime() + 86_400_000;
    expect(await status(server, face, 'front-in', new Date(t))).toBe('recorded');
    expect(await status(server, face, 'front-in', new Date(t + 4 * MINUTE))).toBe('already_recorded');
    expect(await status(server, face, 'front-out', new Date(t + 4 * HOUR))).toBe('recorded');
    expect(await status(server, face, 'front-in', new Date(t + 4 * HOUR + 6 * MINUTE))).toBe('recorded');
    expect((await eventsOf(server, id)).map((e) => e.direction)).toEqual(['in', 'out', 'in']);
  });

  it('20 concurrent sightings on an entry camera make one "in"', async () => {
    const face = randomUnitVector(512, random);
    const id = await enrollPerson(server, 'Rush', [face]);
    const statuses = await Promise.all(
      Array.from({ length: 20 }, () => status(server, vectorAtCosine(face, 0.9, random), 'front-in')),
    );
    expect(statuses.filter((s) => s === 'recorded')).toHaveLength(1);
    expect(statuses.filter((s) => s === 'already_recorded')).toHaveLength(19);
    expect((await eventsOf(server, id)).map((e) => e.direction)).toEqual(['in']);
  });

  it('an exit sighting 1 s after an entry on another camera makes no zero-length day', async () => {
    const face = randomUnitVector(512, random);
    const id = await enrollPerson(server, 'Brief', [face]);
    const t = base.getTime() + 2 * 86_400_000;
    expect(await status(server, face, 'front-in', new Date(t))).toBe('recorded');
    expect(await status(server, face, 'front-out', new Date(t + 1000))).toBe('already_recorded');
    expect((await eventsOf(server, id)).map((e) => e.direction)).toEqual(['in']);
  });

  it('a sighting the morning after an evening one sighting is an event ("success"); an immediate repeat stays "ignored"', async () => {
    const face = randomUnitVector(512, random);
    await enrollPerson(server, 'Evening', [face]);
    expect(await status(server, face, 'Pro_Cam_01', new Date(Date.now() - 11 * HOUR))).toBe('recorded');
    expect(await compatIdentify(server, face)).toBe('success');
    expect(await compatIdentify(server, face)).toBe('ignored');
  });

  it('events replayed from an edge queue are placed by capture time, after later live ones', async () => {
    const face = randomUnitVector(512, random);
    const id = await enrollPerson(server, 'Queued', [face]);
    expect(await status(server, face, 'front-out')).toBe('recorded');
    const morning = new Date(Date.now() - 6 * HOUR);
    expect(await status(server, face, 'front-in', morning)).toBe('recorded');
    const events = await eventsOf(server, id);
    expect(events.map((e) => e.direction)).toEqual(['in', 'out']);
    expect(events[0]?.recorded_at).toBe(morning.toISOString());
  });
});

describe.each(['pglite', 'postgres'] as const)('rolling mode and the original contract (%s)', (driver) => {
  let rolling: TestServer;
  const random = seededRandom(driver === 'pglite' ? 2111 : 2112);

  beforeAll(async () => {
    rolling = await startTestServer({ driver, env: { ATTENDANCE_MODE: 'rolling' } });
  }, 240_000);
  afterAll(async () => {
    await rolling?.close();
  });

  it('rolling: seen 11 h ago (yesterday evening) → this morning is "ignored", as the original answered', async () => {
    const face = randomUnitVector(512, random);
    await enrollPerson(rolling, 'Evening', [face]);
    expect(await status(rolling, face, 'Pro_Cam_01', new Date(Date.now() - 11 * HOUR))).toBe('recorded');
    expect(await compatIdentify(rolling, face)).toBe('ignored');
    expect(await compatIdentify(rolling, vectorAtCosine(face, 0.9, random))).toBe('ignored');
  });
});
