import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUnitVector, seededRandom } from '../support/embeddings.js';
import { rowCounts } from '../support/row-counts.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

const MODEL = 'default-512';

interface PersonBody {
  id: string;
  name: string;
  external_id: string | null;
  active: boolean;
  template_count: number;
}

describe.each(['pglite', 'postgres'] as const)('people and templates (%s)', (driver) => {
  let server: TestServer;
  let headers: Record<string, string>;
  const random = seededRandom(driver === 'pglite' ? 21 : 22);

  beforeAll(async () => {
    server = await startTestServer({ driver });
    headers = { 'x-api-key': server.adminKey };
  });
  afterAll(async () => {
    await server?.close();
  });

  const create = async (payload: Record<string, unknown>) => {
    const response = await server.app.inject({ method: 'POST', url: '/v1/people', headers, payload });
    expect(response.statusCode, response.body).toBe(201);
    return response.json<PersonBody>();
  };

  it('creates, gets, updates, deactivates and erases a person', async () => {
    const person = await create({ name: '  Alan  ', external_id: 'EMP-7', role: 'staff' });
    expect(person).toMatchObject({ name: 'Alan', external_id: 'EMP-7', active: true, template_count: 0 });
    const got = await server.app.inject({ method: 'GET', url: `/v1/people/${person.id}`, headers });
    expect(got.json()).toMatchObject({ id: person.id, role: 'staff' });

    const patched = await server.app.inject({
      method: 'PATCH',
      url: `/v1/people/${person.id}`,
      headers,
      payload: { name: 'Alan T.', external_id: null },
    });
    expect(patched.json()).toMatchObject({ name: 'Alan T.', external_id: null, active: true });
    const deactivated = await server.app.inject({
      method: 'PATCH',
      url: `/v1/people/${person.id}`,
      headers,
      payload: { active: false },
    });
    expect(deactivated.json()).toMatchObject({ active: false });

    const erased = await server.app.inject({ method: 'DELETE', url: `/v1/people/${person.id}`, headers });
    expect(erased.statusCode).toBe(204);
    const gone = await server.app.inject({ method: 'GET', url: `/v1/people/${person.id}`, headers });
    expect(gone.statusCode).toBe(404);
    expect(gone.json()).toMatchObject({ error: { code: 'not_found' } });
  });

  it('erasing a person removes their templates and attendance events', async () => {
    const face = randomUnitVector(512, random);
    const person = await create({ name: 'Erased', templates: { model: MODEL, embeddings: [face] } });
    const identify = await server.app.inject({
      method: 'POST',
      url: '/v1/identify',
      headers,
      payload: { camera_id: 'cam-e', model: MODEL, faces: [{ embedding: face }] },
    });
    expect(identify.json()).toMatchObject({ results: [{ status: 'recorded' }] });
    await server.app.inject({ method: 'DELETE', url: `/v1/people/${person.id}`, headers });
    const templates = await server.db.query('SELECT 1 FROM face_template WHERE person_id = $1', [person.id]);
    const events = await server.db.query('SELECT 1 FROM attendance_event WHERE person_id = $1', [person.id]);
    expect([templates.rows.length, events.rows.length]).toEqual([0, 0]);
  });

  it('lists with search, active filter and paging', async () => {
    const tag = `Zed${driver}`;
    for (const n of [1, 2, 3]) {
      await create({ name: `${tag} ${n}`, external_id: `${tag}-${n}`, active: n !== 3 });
    }
    const page = await server.app.inject({
      method: 'GET',
      url: `/v1/people?q=${tag}&limit=2&offset=0`,
      headers,
    });
    expect(page.json()).toMatchObject({ total: 3, limit: 2, offset: 0 });
    expect(page.json<{ items: unknown[] }>().items).toHaveLength(2);
    const active = await server.app.inject({
      method: 'GET',
      url: `/v1/people?q=${tag}&active=false`,
      headers,
    });
    expect(active.json<{ items: PersonBody[] }>().items.map((p) => p.name)).toEqual([`${tag} 3`]);
    const likeIsEscaped = await server.app.inject({ method: 'GET', url: '/v1/people?q=%25', headers });
    expect(likeIsEscaped.json()).toMatchObject({ total: 0 });
  });

  it('lists who has no template of a model (re-enrollment after a change of model)', async () => {
    const tag = `Switch${driver}`;
    const [both, oldOnly, none] = [
      await create({ name: `${tag} both` }),
      await create({ name: `${tag} old` }),
      await create({ name: `${tag} none` }),
    ];
    const enroll = async (id: string, model: string, dim: number) => {
      const response = await server.app.inject({
        method: 'POST',
        url: `/v1/people/${id}/templates`,
        headers,
        payload: { model, embeddings: [randomUnitVector(dim, random)] },
      });
      expect(response.statusCode, response.body).toBe(201);
    };
    await enroll(both.id, 'old-512@00000001', 512);
    await enroll(both.id, 'new-256@00000002', 256);
    await enroll(oldOnly.id, 'old-512@00000001', 512);
    const missing = await server.app.inject({
      method: 'GET',
      url: `/v1/people?q=${tag}&without_model=new-256@00000002`,
      headers,
    });
    expect(missing.statusCode, missing.body).toBe(200);
    expect(missing.json<{ total: number }>().total).toBe(2);
    expect(
      missing
        .json<{ items: PersonBody[] }>()
        .items.map((p) => p.id)
        .sort(),
    ).toEqual([oldOnly.id, none.id].sort());
    const bad = await server.app.inject({ method: 'GET', url: '/v1/people?without_model=%20x', headers });
    expect(bad.statusCode).toBe(400);
  });

  it.each([
    ['limit=0', 'limit'],
    ['limit=501', 'limit'],
    ['offset=-1', 'offset'],
    ['limit=abc', 'limit'],
    ['unknown=1', 'unknown'],
  ])('bad paging %s → 400 validation_failed', async (query) => {
    const response = await server.app.inject({ method: 'GET', url: `/v1/people?${query}`, headers });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ error: { code: 'validation_failed' } });
  });

  it('rejects a duplicate external id, unknown fields and bad ids without writing', async () => {
    await create({ name: 'First', external_id: 'DUP-1' });
    const before = await rowCounts(server.db);
    const duplicate = await server.app.inject({
      method: 'POST',
      url: '/v1/people',
      headers,
      payload: {
        name: 'Second',
        external_id: 'DUP-1',
        templates: { model: MODEL, embeddings: [randomUnitVector(512, random)] },
      },
    });
    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.json()).toMatchObject({ error: { code: 'duplicate_external_id' } });
    const unknown = await server.app.inject({
      method: 'POST',
      url: '/v1/people',
      headers,
      payload: { name: 'X', admin: true },
    });
    expect(unknown.statusCode).toBe(400);
    const badId = await server.app.inject({ method: 'GET', url: '/v1/people/not-a-uuid', headers });
    expect(badId.statusCode).toBe(400);
    const emptyPatch = await server.app.inject({
      method: 'PATCH',
      url: '/v1/people/00000000-0000-4000-8000-000000000000',
      headers,
      payload: {},
    });
    expect(emptyPatch.statusCode).toBe(400);
    expect(await rowCounts(server.db)).toEqual(before);
  });

  it('adds, lists and removes templates; wrong dimension and duplicates write nothing', async () => {
    const person = await create({ name: 'Templated' });
    const faces = [randomUnitVector(512, random), randomUnitVector(512, random)];
    const added = await server.app.inject({
      method: 'POST',
      url: `/v1/people/${person.id}/templates`,
      headers,
      payload: { model: MODEL, embeddings: faces },
    });
    expect(added.statusCode, added.body).toBe(201);
    const items = added.json<{ items: { id: string; dim: number; model: string }[] }>().items;
    expect(items.map((t) => [t.model, t.dim])).toEqual([
      [MODEL, 512],
      [MODEL, 512],
    ]);

    const before = await rowCounts(server.db);
    const wrongDim = await server.app.inject({
      method: 'POST',
      url: `/v1/people/${person.id}/templates`,
      headers,
      payload: { model: MODEL, embeddings: [randomUnitVector(512, random), randomUnitVector(128, random)] },
    });
    expect(wrongDim.statusCode).toBe(422);
    expect(wrongDim.json()).toMatchObject({ error: { code: 'embedding_dimension_mismatch' } });
    const other = await create({ name: 'Other' });
    expect((await rowCounts(server.db)).person).toBe(before.person + 1);
    const duplicate = await server.app.inject({
      method: 'POST',
      url: `/v1/people/${other.id}/templates`,
      headers,
      payload: { model: MODEL, embeddings: [faces[0]] },
    });
    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.json()).toMatchObject({
      error: { code: 'duplicate_face', details: { person_id: person.id } },
    });
    expect(duplicate.body).not.toContain('Templated');
    expect((await rowCounts(server.db)).face_template).toBe(before.face_template);

    const listed = await server.app.inject({
      method: 'GET',
      url: `/v1/people/${person.id}/templates`,
      headers,
    });
    expect(listed.json<{ items: unknown[] }>().items).toHaveLength(2);
    const removed = await server.app.inject({
      method: 'DELETE',
      url: `/v1/people/${person.id}/templates/${items[0]?.id ?? ''}`,
      headers,
    });
    expect(removed.statusCode).toBe(204);
    const again = await server.app.inject({
      method: 'DELETE',
      url: `/v1/people/${person.id}/templates/${items[0]?.id ?? ''}`,
      headers,
    });
    expect(again.statusCode).toBe(404);
  });

  it('a new model is registered with its dimension on first enrollment', async () => {
    const person = await create({
      name: 'Multi',
      templates: { model: 'mini-128@v1', embeddings: [randomUnitVector(128, random)] },
    });
    const { rows } = await server.db.query<{ dim: number }>(
      "SELECT dim FROM recognition_model WHERE id = 'mini-128@v1'",
    );
    expect(rows[0]?.dim).toBe(128);
    const mismatch = await server.app.inject({
      method: 'POST',
      url: `/v1/people/${person.id}/templates`,
      headers,
      payload: { model: 'mini-128@v1', embeddings: [randomUnitVector(256, random)] },
    });
    expect(mismatch.statusCode).toBe(422);
  });
});
