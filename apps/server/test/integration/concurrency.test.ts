import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUnitVector, seededRandom, vectorAtCosine } from '../support/embeddings.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

const MODEL = 'default-512';

describe.each(['pglite', 'postgres'] as const)('concurrency (%s)', (driver) => {
  let server: TestServer;
  let headers: Record<string, string>;
  const random = seededRandom(driver === 'pglite' ? 11 : 12);

  beforeAll(async () => {
    server = await startTestServer({ driver });
    headers = { 'x-api-key': server.adminKey };
  });
  afterAll(async () => {
    await server?.close();
  });

  it('20 concurrent identifies of one person store exactly one event', async () => {
    const face = randomUnitVector(512, random);
    const created = await server.app.inject({
      method: 'POST',
      url: '/v1/people',
      headers,
      payload: { name: 'Rush', templates: { model: MODEL, embeddings: [face] } },
    });
    const personId = created.json<{ id: string }>().id;
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        server.app.inject({
          method: 'POST',
          url: '/v1/identify',
          headers,
          payload: {
            camera_id: `cam-${i % 3}`,
            model: MODEL,
            faces: [{ embedding: vectorAtCosine(face, 0.9, random) }],
          },
        }),
      ),
    );
    const statuses = responses.map((r) => r.json<{ results: { status: string }[] }>().results[0]?.status);
    expect(statuses.filter((s) => s === 'recorded')).toHaveLength(1);
    expect(statuses.filter((s) => s === 'already_recorded')).toHaveLength(19);
    const { rows } = await server.db.query('SELECT id FROM attendance_event WHERE person_id = $1', [
      personId,
    ]);
    expect(rows).toHaveLength(1);
  });

  it('concurrent enrollments of the same face: exactly one succeeds', async () => {
    const face = randomUnitVector(512, random);
    const responses = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        server.app.inject({
          method: 'POST',
          url: '/v1/people',
          headers,
          payload: {
            name: `Clone ${i}`,
            templates: { model: MODEL, embeddings: [vectorAtCosine(face, 0.95, random)] },
          },
        }),
      ),
    );
    const codes = responses.map((r) => r.statusCode).sort();
    expect(codes).toEqual([201, 409, 409, 409, 409, 409]);
    for (const rejected of responses.filter((r) => r.statusCode === 409)) {
      expect(rejected.json()).toMatchObject({ error: { code: 'duplicate_face' } });
    }
    const { rows } = await server.db.query("SELECT id FROM person WHERE name LIKE 'Clone %'");
    expect(rows).toHaveLength(1);
  });

  it('concurrent bulk imports and enrollments of the same face: exactly one person is stored with it', async () => {
    const face = randomUnitVector(512, random);
    const clone = () => vectorAtCosine(face, 0.95, random);
    // The imports advance in step: all search before any writes, so an import whose check and write were
    // not serialised with the others would store its clone too.
    const imports = Array.from({ length: 6 }, (_, i) =>
      server.app.inject({
        method: 'POST',
        url: '/v1/people/bulk',
        headers,
        payload: { model: MODEL, people: [{ name: `Mixed clone bulk ${i}`, embeddings: [clone()] }] },
      }),
    );
    const singles = Array.from({ length: 4 }, (_, i) =>
      server.app.inject({
        method: 'POST',
        url: '/v1/people',
        headers,
        payload: { name: `Mixed clone single ${i}`, templates: { model: MODEL, embeddings: [clone()] } },
      }),
    );
    const responses = await Promise.all([...imports, ...singles]);
    const codes = responses.map((r) => r.statusCode);
    expect(codes.filter((code) => code === 201)).toHaveLength(1);
    expect(codes.filter((code) => code === 409)).toHaveLength(9);
    for (const rejected of responses.filter((r) => r.statusCode === 409)) {
      expect(rejected.json()).toMatchObject({ error: { code: 'duplicate_face' } });
    }
    const { rows } = await server.db.query("SELECT id FROM person WHERE name LIKE 'Mixed clone %'");
    expect(rows).toHaveLength(1);
  });
});
