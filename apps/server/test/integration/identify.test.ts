import { CALIBRATED_THRESHOLDS, encodeEmbedding } from '@attendance/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUnitVector, seededRandom, vectorAtCosine } from '../support/embeddings.js';
import { rowCounts } from '../support/row-counts.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

const MODEL = 'default-512';

describe.each(['pglite', 'postgres'] as const)('identify (%s)', (driver) => {
  let server: TestServer;
  let headers: Record<string, string>;
  const random = seededRandom(driver === 'pglite' ? 1 : 2);

  beforeAll(async () => {
    server = await startTestServer({
      driver,
      env: { SIMILARITY_THRESHOLD: '0.5', AMBIGUITY_MARGIN: '0.02', DUPLICATE_THRESHOLD: '0.95' },
    });
    headers = { 'x-api-key': server.adminKey };
  });
  afterAll(async () => {
    await server?.close();
  });

  const enroll = async (
    name: string,
    embeddings: unknown[],
    model = MODEL,
    extra: Record<string, unknown> = {},
  ) => {
    const response = await server.app.inject({
      method: 'POST',
      url: '/v1/people',
      headers,
      payload: { name, templates: { model, embeddings }, ...extra },
    });
    expect(response.statusCode, response.body).toBe(201);
    return response.json<{ id: string }>();
  };
  const identify = (payload: Record<string, unknown>) =>
    server.app.inject({ method: 'POST', url: '/v1/identify', headers, payload });

  it('matches at or above the threshold, records once, and reports similarity and margin', async () => {
    const face = randomUnitVector(512, random);
    const person = await enroll('Grace', [face]);
    const other = await enroll('Other', [randomUnitVector(512, random)]);
    const probe = vectorAtCosine(face, 0.8, random);
    const first = await identify({
      camera_id: 'door-1',
      model: MODEL,
      faces: [{ embedding: probe, track_id: 't1' }],
    });
    expect(first.statusCode, first.body).toBe(200);
    const [result] = first.json<{ results: Record<string, unknown>[] }>().results;
    expect(result).toMatchObject({
      status: 'recorded',
      track_id: 't1',
      person: { id: person.id, name: 'Grace' },
    });
    expect(result?.similarity).toBeCloseTo(0.8, 3);
    expect(result?.margin).toBeGreaterThan(0.5);
    expect(result?.event_id).toEqual(expect.any(String));

    const again = await identify({ camera_id: 'door-1', model: MODEL, faces: [{ embedding: probe }] });
    expect(again.json()).toMatchObject({
      results: [{ status: 'already_recorded', person: { id: person.id } }],
    });
    const events = await server.db.query('SELECT 1 FROM attendance_event WHERE person_id = $1', [person.id]);
    expect(events.rows).toHaveLength(1);
    expect(other.id).not.toBe(person.id);
  });

  it('answers unknown below the threshold and writes nothing', async () => {
    const face = randomUnitVector(512, random);
    await enroll('Below', [face]);
    const before = await rowCounts(server.db);
    const response = await identify({
      camera_id: 'door-1',
      model: MODEL,
      faces: [{ embedding: vectorAtCosine(face, 0.45, random) }],
    });
    const [result] = response.json<{ results: { status: string; similarity: number; person: unknown }[] }>()
      .results;
    expect(result?.status).toBe('unknown');
    expect(result?.person).toBeNull();
    expect(result?.similarity).toBeCloseTo(0.45, 2);
    expect((await rowCounts(server.db)).attendance_event).toBe(before.attendance_event);
  });

  it('uses the calibrated threshold of a known model, unless MODEL_THRESHOLDS overrides it', async () => {
    // SIMILARITY_THRESHOLD is 0.5 here; faceplugin-512's calibrated threshold is 0.42.
    const known = 'faceplugin-512@87aacdfe';
    expect(CALIBRATED_THRESHOLDS[known]).toBe(0.42);
    const face = randomUnitVector(512, random);
    await enroll('Calibrated', [face], known);
    const probe = vectorAtCosine(face, 0.45, random);
    const response = await identify({ camera_id: 'door-3', model: known, faces: [{ embedding: probe }] });
    expect(response.json()).toMatchObject({ threshold: 0.42, results: [{ status: 'recorded' }] });

    const strict = await startTestServer({ driver, env: { MODEL_THRESHOLDS: `${known}=0.5` } });
    try {
      const strictHeaders = { 'x-api-key': strict.adminKey };
      const created = await strict.app.inject({
        method: 'POST',
        url: '/v1/people',
        headers: strictHeaders,
        payload: { name: 'Strict', templates: { model: known, embeddings: [face] } },
      });
      expect(created.statusCode, created.body).toBe(201);
      const refused = await strict.app.inject({
        method: 'POST',
        url: '/v1/identify',
        headers: strictHeaders,
        payload: { camera_id: 'door-3', model: known, faces: [{ embedding: probe }] },
      });
      expect(refused.json()).toMatchObject({ threshold: 0.5, results: [{ status: 'unknown' }] });
    } finally {
      await strict.close();
    }
  });

  it('answers ambiguous when two different people are within the margin', async () => {
    const base = randomUnitVector(512, random);
    await enroll('Twin A', [vectorAtCosine(base, 0.9, random)]);
    await enroll('Twin B', [vectorAtCosine(base, 0.9, random)]);
    const response = await identify({ camera_id: 'door-1', model: MODEL, faces: [{ embedding: base }] });
    const [result] = response.json<{ results: { status: string; margin: number }[] }>().results;
    expect(result?.status).toBe('ambiguous');
    expect(Math.abs(result?.margin ?? 1)).toBeLessThan(0.02);
  });

  it('never matches inactive people', async () => {
    const face = randomUnitVector(512, random);
    const person = await enroll('Gone', [face]);
    const patch = await server.app.inject({
      method: 'POST',
      url: `/v1/people/${person.id}/deactivate`,
      headers,
    });
    expect(patch.json()).toMatchObject({ active: false });
    const response = await identify({ camera_id: 'door-1', model: MODEL, faces: [{ embedding: face }] });
    expect(response.json()).toMatchObject({ results: [{ status: 'unknown', person: null }] });
  });

  it('compares only templates of the same model', async () => {
    const face = randomUnitVector(128, random);
    await enroll('Small', [face], 'tiny-128');
    const same = await identify({ camera_id: 'door-2', model: 'tiny-128', faces: [{ embedding: face }] });
    expect(same.json()).toMatchObject({ results: [{ status: 'recorded', person: { name: 'Small' } }] });
    const other = await identify({ camera_id: 'door-2', model: 'other-128', faces: [{ embedding: face }] });
    expect(other.statusCode).toBe(422);
    expect(other.json()).toMatchObject({ error: { code: 'unknown_model' } });
  });

  it('accepts float16 and float32 base64 embeddings and several faces per frame', async () => {
    const a = randomUnitVector(512, random);
    const b = randomUnitVector(512, random);
    await enroll('Half A', [encodeEmbedding(a, 'float16')]);
    await enroll('Half B', [encodeEmbedding(b, 'float32')]);
    const response = await identify({
      camera_id: 'door-3',
      model: MODEL,
      faces: [{ embedding: encodeEmbedding(a, 'float16') }, { embedding: encodeEmbedding(b, 'float32') }],
    });
    const results = response.json<{ results: { status: string; person: { name: string } }[] }>().results;
    expect(results.map((r) => [r.status, r.person.name])).toEqual([
      ['recorded', 'Half A'],
      ['recorded', 'Half B'],
    ]);
  });

  it('replays with an idempotency key answer with the first event', async () => {
    const face = randomUnitVector(512, random);
    await enroll('Replay', [face]);
    const payload = {
      camera_id: 'door-4',
      model: MODEL,
      idempotency_key: `key-${driver}-0001`,
      faces: [{ embedding: face }],
    };
    const first = (await identify(payload)).json<{ results: { event_id: string; status: string }[] }>();
    const second = (await identify(payload)).json<{ results: { event_id: string; status: string }[] }>();
    expect(first.results[0]?.status).toBe('recorded');
    expect(second.results[0]).toMatchObject({
      status: 'already_recorded',
      event_id: first.results[0]?.event_id,
    });
  });

  it('an old sighting replayed from an edge queue is judged against its own capture time', async () => {
    const face = randomUnitVector(512, random);
    const person = await enroll('Queued', [face]);
    const now = await identify({ camera_id: 'door-5', model: MODEL, faces: [{ embedding: face }] });
    expect(now.json()).toMatchObject({ results: [{ status: 'recorded' }] });
    const twoDaysAgo = new Date(Date.now() - 2 * 86_400_000);
    const replay = await identify({
      camera_id: 'door-5',
      model: MODEL,
      captured_at: twoDaysAgo.toISOString(),
      faces: [{ embedding: face }],
    });
    expect(replay.json()).toMatchObject({ results: [{ status: 'recorded' }] });
    const sameWindow = await identify({
      camera_id: 'door-5',
      model: MODEL,
      captured_at: new Date(twoDaysAgo.getTime() + 60_000).toISOString(),
      faces: [{ embedding: face }],
    });
    expect(sameWindow.json()).toMatchObject({ results: [{ status: 'already_recorded' }] });
    const { rows } = await server.db.query<{ local_day: string }>(
      'SELECT local_day::text AS local_day FROM attendance_event WHERE person_id = $1 ORDER BY recorded_at',
      [person.id],
    );
    expect(rows.map((r) => r.local_day)).toEqual([
      twoDaysAgo.toISOString().slice(0, 10),
      new Date().toISOString().slice(0, 10),
    ]);
  });

  describe('bad input writes nothing', () => {
    const cases: [string, () => Record<string, unknown>, number, string][] = [
      [
        'wrong dimension',
        () => ({ camera_id: 'c', model: MODEL, faces: [{ embedding: [0.1, 0.2, 0.3] }] }),
        422,
        'embedding_dimension_mismatch',
      ],
      [
        'NaN via base64',
        () => ({
          camera_id: 'c',
          model: MODEL,
          faces: [{ embedding: encodeEmbedding(new Array<number>(512).fill(Number.NaN), 'float32') }],
        }),
        422,
        'embedding_not_finite',
      ],
      [
        'zero norm',
        () => ({ camera_id: 'c', model: MODEL, faces: [{ embedding: new Array<number>(512).fill(0) }] }),
        422,
        'embedding_zero_norm',
      ],
      [
        'truncated base64',
        () => ({
          camera_id: 'c',
          model: MODEL,
          faces: [{ embedding: { dtype: 'float32', base64: 'AAAAAAA=' } }],
        }),
        422,
        'embedding_encoding_invalid',
      ],
      [
        'unknown field',
        () => ({ camera_id: 'c', model: MODEL, faces: [{ embedding: [1] }], extra: 1 }),
        400,
        'validation_failed',
      ],
      ['no faces', () => ({ camera_id: 'c', model: MODEL, faces: [] }), 400, 'validation_failed'],
      [
        'bad camera id',
        () => ({ camera_id: '', model: MODEL, faces: [{ embedding: [1] }] }),
        400,
        'validation_failed',
      ],
    ];

    it.each(cases)('%s → %i %s', async (_label, payload, status, code) => {
      const before = await rowCounts(server.db);
      const cameras = await server.db.query('SELECT id FROM camera');
      const response = await identify(payload());
      expect(response.statusCode, response.body).toBe(status);
      const body = response.json<{ error: { code: string; request_id: string } }>();
      expect(body.error.code).toBe(code);
      expect(body.error.request_id).toMatch(/^[0-9a-f-]{36}$/);
      expect(await rowCounts(server.db)).toEqual(before);
      expect((await server.db.query('SELECT id FROM camera')).rows).toEqual(cameras.rows);
    });

    it('a second, bad face in the same request rejects the whole request', async () => {
      const face = randomUnitVector(512, random);
      await enroll('Partial', [face]);
      const before = await rowCounts(server.db);
      const response = await identify({
        camera_id: 'c',
        model: MODEL,
        faces: [{ embedding: face }, { embedding: [1, 2] }],
      });
      expect(response.statusCode).toBe(422);
      expect(await rowCounts(server.db)).toEqual(before);
    });

    it('oversized body → 413 body_too_large', async () => {
      const before = await rowCounts(server.db);
      const faces = Array.from({ length: 32 }, () => ({ embedding: randomUnitVector(512, random) }));
      const response = await identify({ camera_id: 'c', model: MODEL, faces });
      expect(response.statusCode).toBe(413);
      expect(response.json()).toMatchObject({ error: { code: 'body_too_large' } });
      expect(await rowCounts(server.db)).toEqual(before);
    });

    it('wrong content type → 415, malformed JSON → 400 invalid_json', async () => {
      const text = await server.app.inject({
        method: 'POST',
        url: '/v1/identify',
        headers: { ...headers, 'content-type': 'text/plain' },
        payload: 'hello',
      });
      expect(text.statusCode).toBe(415);
      expect(text.json()).toMatchObject({ error: { code: 'unsupported_media_type' } });
      const broken = await server.app.inject({
        method: 'POST',
        url: '/v1/identify',
        headers: { ...headers, 'content-type': 'application/json' },
        payload: '{"camera_id":',
      });
      expect(broken.statusCode).toBe(400);
      expect(broken.json()).toMatchObject({ error: { code: 'invalid_json' } });
    });
  });
});
