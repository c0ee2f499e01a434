import { encodeEmbedding } from '@attendance/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hnswIndexName, toVectorLiteral } from '../../src/db/vector-sql.js';
import { TemplateRepository } from '../../src/repositories/template.repository.js';
import { createApiKey } from '../support/api-keys.js';
import { randomUnitVector, seededRandom, vectorAtCosine } from '../support/embeddings.js';
import { rowCounts } from '../support/row-counts.js';
import { startTestServer, type TestDriver, type TestServer } from '../support/test-server.js';

const MODEL = 'default-512';

describe.each<TestDriver>(['pglite', 'postgres'])('bulk enrollment and index rebuild (%s)', (driver) => {
  let server: TestServer;
  const random = seededRandom(driver === 'pglite' ? 71 : 72);
  const faces = Array.from({ length: 40 }, () => randomUnitVector(512, random));
  const headers = () => ({ 'x-api-key': server.adminKey });
  const bulk = (payload: Record<string, unknown>) =>
    server.app.inject({ method: 'POST', url: '/v1/people/bulk', headers: headers(), payload });
  const person = (i: number, embeddings: unknown[]) => ({
    name: `Bulk ${i}`,
    external_id: `B-${i}`,
    embeddings,
  });
  const indexStatus = async () =>
    (await server.app.inject({ method: 'GET', url: `/v1/models/${MODEL}/index`, headers: headers() })).json<{
      templates: number;
      index: { name: string; valid: boolean; size_bytes: number } | null;
      build: { state: string; error: string | null };
    }>();

  beforeAll(async () => {
    server = await startTestServer({ driver });
  }, 60_000);
  afterAll(async () => {
    await server?.close();
  });

  it('imports people with templates in every wire form; counts are exact', async () => {
    const people = faces
      .slice(0, 30)
      .map((face, i) =>
        person(i, [
          i % 3 === 0 ? face : encodeEmbedding(face, i % 3 === 1 ? 'float16' : 'float32'),
          encodeEmbedding(vectorAtCosine(face, 0.7, random), 'float16'),
        ]),
      );
    const response = await bulk({ model: MODEL, people });
    expect(response.statusCode, response.body).toBe(201);
    const body = response.json<{ people: { id: string; external_id: string }[]; templates: number }>();
    expect(body.templates).toBe(60);
    expect(body.people.map((p) => p.external_id)).toEqual(people.map((p) => p.external_id));
    const counts = await rowCounts(server.db);
    expect(counts.person).toBe(30);
    expect(counts.face_template).toBe(60);

    const identify = await server.app.inject({
      method: 'POST',
      url: '/v1/identify',
      headers: headers(),
      payload: {
        camera_id: 'bulk-cam',
        model: MODEL,
        faces: [{ embedding: vectorAtCosine(faces[7] ?? [], 0.9, random) }],
      },
    });
    expect(identify.statusCode, identify.body).toBe(200);
    expect(
      identify.json<{ results: { person: { external_id: string } | null }[] }>().results[0]?.person
        ?.external_id,
    ).toBe('B-7');
  });

  it.each([
    [
      'a wrong dimension',
      (i: number): unknown[] | undefined => (i === 2 ? [randomUnitVector(128, random)] : undefined),
      422,
      'embedding_dimension_mismatch',
    ],
    [
      'a zero vector',
      (i: number): unknown[] | undefined => (i === 2 ? [new Array<number>(512).fill(0)] : undefined),
      422,
      'embedding_zero_norm',
    ],
    [
      'a broken base64 embedding',
      (i: number): unknown[] | undefined => (i === 1 ? [{ dtype: 'float16', base64: 'AAAA' }] : undefined),
      422,
      'embedding_encoding_invalid',
    ],
    [
      'an external_id already enrolled',
      (_i: number): unknown[] | undefined => undefined,
      409,
      'duplicate_external_id',
      'B-3',
    ],
  ] as const)(
    'refuses a batch with %s and writes nothing',
    async (_label, override, status, code, clash?: string) => {
      const before = await rowCounts(server.db);
      const people = [0, 1, 2, 3].map((i) => ({
        ...person(1000 + i, override(i) ?? [randomUnitVector(512, random)]),
        ...(clash && i === 3 ? { external_id: clash } : {}),
      }));
      const response = await bulk({ model: MODEL, people });
      expect(response.statusCode, response.body).toBe(status);
      expect(response.json<{ error: { code: string } }>().error.code).toBe(code);
      expect(await rowCounts(server.db)).toEqual(before);
    },
  );

  it('refuses duplicate external ids inside one batch, an empty or oversized batch, and non-admin keys', async () => {
    const before = await rowCounts(server.db);
    const same = [
      person(2000, [randomUnitVector(512, random)]),
      person(2000, [randomUnitVector(512, random)]),
    ];
    const dup = await bulk({ model: MODEL, people: same });
    expect(dup.statusCode).toBe(409);
    expect(dup.json<{ error: { code: string } }>().error.code).toBe('duplicate_external_id');
    expect((await bulk({ model: MODEL, people: [] })).statusCode).toBe(400);
    const tooMany = Array.from({ length: 2001 }, (_, i) => ({ name: `x${i}`, embeddings: [[1]] }));
    expect(
      (await bulk({ model: MODEL, people: tooMany })).json<{ error: { code: string } }>().error.code,
    ).toBe('validation_failed');
    const edge = await createApiKey(server, 'edge');
    const forbidden = await server.app.inject({
      method: 'POST',
      url: '/v1/people/bulk',
      headers: { 'x-api-key': edge.key },
      payload: { model: MODEL, people: [person(2001, [randomUnitVector(512, random)])] },
    });
    expect(forbidden.statusCode).toBe(403);
    expect(await rowCounts(server.db)).toEqual({ ...before, api_key: before.api_key + 1 });
  });

  it('with check_duplicates, refuses a face enrolled for someone else (gallery or same batch) and writes nothing', async () => {
    const before = await rowCounts(server.db);
    const fresh = randomUnitVector(512, random);
    const againstGallery = await bulk({
      model: MODEL,
      check_duplicates: true,
      people: [person(3000, [fresh]), person(3001, [vectorAtCosine(faces[5] ?? [], 0.98, random)])],
    });
    expect(againstGallery.statusCode, againstGallery.body).toBe(409);
    expect(againstGallery.json<{ error: { code: string } }>().error.code).toBe('duplicate_face');
    const withinBatch = await bulk({
      model: MODEL,
      check_duplicates: true,
      people: [person(3002, [fresh]), person(3003, [vectorAtCosine(fresh, 0.98, random)])],
    });
    expect(withinBatch.statusCode, withinBatch.body).toBe(409);
    expect(await rowCounts(server.db)).toEqual(before);
    // The check is on by default; with the explicit opt-out the same batch is accepted.
    expect(
      (await bulk({ model: MODEL, people: [person(3004, [vectorAtCosine(faces[5] ?? [], 0.98, random)])] }))
        .statusCode,
    ).toBe(409);
    const unchecked = await bulk({
      model: MODEL,
      check_duplicates: false,
      people: [person(3002, [fresh]), person(3003, [vectorAtCosine(fresh, 0.98, random)])],
    });
    expect(unchecked.statusCode).toBe(201);
  });

  it('drops the index, imports, rebuilds it in the background and reports it valid with exact counts', async () => {
    const drop = await server.app.inject({
      method: 'DELETE',
      url: `/v1/models/${MODEL}/index`,
      headers: headers(),
    });
    expect(drop.statusCode, drop.body).toBe(204);
    expect((await indexStatus()).index).toBeNull();

    const before = await rowCounts(server.db);
    const more = Array.from({ length: 200 }, (_, i) => person(4000 + i, [randomUnitVector(512, random)]));
    expect((await bulk({ model: MODEL, people: more })).statusCode).toBe(201);
    expect((await rowCounts(server.db)).face_template).toBe(before.face_template + 200);

    const started = await server.app.inject({
      method: 'POST',
      url: `/v1/models/${MODEL}/index`,
      headers: headers(),
    });
    expect(started.statusCode, started.body).toBe(202);
    let status = await indexStatus();
    for (let i = 0; i < 600 && status.build.state === 'building'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      status = await indexStatus();
    }
    expect(status.build).toMatchObject({ state: 'idle', error: null });
    expect(status.templates).toBe(before.face_template + 200);
    expect(status.index).toMatchObject({ name: hnswIndexName(MODEL), valid: true });
    expect(status.index?.size_bytes).toBeGreaterThan(0);

    if (driver === 'postgres') {
      const templates = new TemplateRepository();
      const plan = await server.db.transaction(async (tx) => {
        await tx.query("SELECT set_config('enable_seqscan', 'off', true)");
        const sql = templates.nearestSql({
          model: MODEL,
          dim: 512,
          indexPrecision: 'halfvec',
          limit: 10,
          activeOnly: true,
        });
        const { rows } = await tx.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${sql}`, [
          toVectorLiteral(randomUnitVector(512, random)),
        ]);
        return rows.map((row) => row['QUERY PLAN']).join('\n');
      });
      expect(plan).toContain(`Index Scan using ${hnswIndexName(MODEL)}`);
    }
  }, 120_000);

  it('index routes answer 422 for an unknown model and 400 for a malformed id', async () => {
    const unknown = await server.app.inject({
      method: 'POST',
      url: '/v1/models/nope-1/index',
      headers: headers(),
    });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json<{ error: { code: string } }>().error.code).toBe('unknown_model');
    const malformed = await server.app.inject({
      method: 'GET',
      url: '/v1/models/%20bad/index',
      headers: headers(),
    });
    expect(malformed.statusCode).toBe(400);
  });
});
