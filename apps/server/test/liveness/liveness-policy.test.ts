import type { LivenessMode } from '@attendance/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../support/api-keys.js';
import { randomUnitVector, seededRandom, vectorAtCosine } from '../support/embeddings.js';
import { rowCounts } from '../support/row-counts.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

const MODEL = 'liveness-test-512';
const THRESHOLD = 0.6;

type Evidence = 'none' | 'real' | 'spoof' | 'low_score' | 'too_small' | 'challenge_failed';
const EVIDENCE: Record<Exclude<Evidence, 'none'>, Record<string, unknown>> = {
  real: { score: 0.93, decision: 'real', checked_by: 'minifasnet-v2+v1se', challenge: 'passed' },
  spoof: { score: 0.12, decision: 'spoof' },
  low_score: { score: THRESHOLD - 0.05, decision: 'real' },
  too_small: { score: 0.9, decision: 'too_small' },
  challenge_failed: { score: 0.95, decision: 'real', challenge: 'failed' },
};

/** Expected outcome per camera mode and evidence: HTTP status and error code (records on 200). */
const MATRIX: [LivenessMode, Evidence, number, string | null][] = [
  ['off', 'none', 200, null],
  ['off', 'real', 200, null],
  ['off', 'spoof', 200, null],
  ['warn', 'none', 200, null],
  ['warn', 'real', 200, null],
  ['warn', 'spoof', 200, null],
  ['enforce', 'none', 422, 'liveness_required'],
  ['enforce', 'too_small', 422, 'liveness_required'],
  ['enforce', 'real', 200, null],
  ['enforce', 'spoof', 422, 'spoof_detected'],
  ['enforce', 'low_score', 422, 'spoof_detected'],
  ['enforce', 'challenge_failed', 422, 'spoof_detected'],
];

describe.each(['pglite', 'postgres'] as const)('liveness policy (%s)', (driver) => {
  let server: TestServer;
  let edgeKey: string;
  let viewerKey: string;
  const random = seededRandom(driver === 'pglite' ? 101 : 202);

  beforeAll(async () => {
    server = await startTestServer({ driver, env: { LIVENESS_THRESHOLD: String(THRESHOLD) } });
    edgeKey = (await createApiKey(server, 'edge')).key;
    viewerKey = (await createApiKey(server, 'viewer')).key;
  }, 120_000);
  afterAll(async () => {
    await server?.close();
  });

  const admin = () => ({ 'x-api-key': server.adminKey });
  const setPolicy = (camera: string, body: Record<string, unknown>) =>
    server.app.inject({
      method: 'PUT',
      url: `/v1/cameras/${camera}/liveness`,
      headers: admin(),
      payload: body,
    });
  const enroll = async (name: string) => {
    const face = randomUnitVector(512, random);
    const response = await server.app.inject({
      method: 'POST',
      url: '/v1/people',
      headers: admin(),
      payload: { name, templates: { model: MODEL, embeddings: [face] } },
    });
    expect(response.statusCode, response.body).toBe(201);
    return { id: response.json<{ id: string }>().id, face };
  };
  const identify = (camera: string, faces: Record<string, unknown>[]) =>
    server.app.inject({
      method: 'POST',
      url: '/v1/identify',
      headers: { 'x-api-key': edgeKey },
      payload: { camera_id: camera, model: MODEL, faces },
    });

  it.each(MATRIX)('camera %s, evidence %s → %i %s', async (mode, evidence, status, code) => {
    const camera = `cam-${mode}-${evidence}`.replace(/_/g, '-');
    expect((await setPolicy(camera, { mode })).statusCode).toBe(200);
    const person = await enroll(`Person ${camera}`);
    const before = await rowCounts(server.db);
    const face = {
      embedding: vectorAtCosine(person.face, 0.9, random),
      ...(evidence === 'none' ? {} : { liveness: EVIDENCE[evidence] }),
    };
    const response = await identify(camera, [face]);
    expect(response.statusCode, response.body).toBe(status);
    const after = await rowCounts(server.db);
    if (code === null) {
      expect(response.json()).toMatchObject({ results: [{ status: 'recorded', person: { id: person.id } }] });
      expect(after.attendance_event).toBe(before.attendance_event + 1);
    } else {
      expect(response.json()).toMatchObject({ error: { code } });
      expect(after).toEqual(before);
    }
  });

  it('one refused face refuses the whole request: nothing recorded for the other face', async () => {
    await setPolicy('cam-mixed', { mode: 'enforce' });
    const a = await enroll('Mixed A');
    const b = await enroll('Mixed B');
    const before = await rowCounts(server.db);
    const response = await identify('cam-mixed', [
      { embedding: a.face, liveness: EVIDENCE.real },
      { embedding: b.face, liveness: EVIDENCE.spoof },
    ]);
    expect(response.statusCode).toBe(422);
    expect(response.json()).toMatchObject({ error: { code: 'spoof_detected', details: { face: 1 } } });
    expect(await rowCounts(server.db)).toEqual(before);
  });

  it('a per-camera threshold and a required challenge apply; the policy is listed for viewers', async () => {
    const set = await setPolicy('cam-strict', { mode: 'enforce', threshold: 0.97, require_challenge: true });
    expect(set.json()).toMatchObject({
      id: 'cam-strict',
      liveness: { mode: 'enforce', threshold: 0.97, require_challenge: true, explicit: true },
    });
    const person = await enroll('Strict');
    const noChallenge = await identify('cam-strict', [
      { embedding: person.face, liveness: { score: 0.99, decision: 'real', challenge: 'not_required' } },
    ]);
    expect(noChallenge.json()).toMatchObject({ error: { code: 'liveness_required' } });
    const belowCameraThreshold = await identify('cam-strict', [
      { embedding: person.face, liveness: { score: 0.95, decision: 'real', challenge: 'passed' } },
    ]);
    expect(belowCameraThreshold.json()).toMatchObject({ error: { code: 'spoof_detected' } });
    const passed = await identify('cam-strict', [
      { embedding: person.face, liveness: { score: 0.99, decision: 'real', challenge: 'passed' } },
    ]);
    expect(passed.json()).toMatchObject({ results: [{ status: 'recorded' }] });

    const list = await server.app.inject({
      method: 'GET',
      url: '/v1/cameras',
      headers: { 'x-api-key': viewerKey },
    });
    expect(list.statusCode).toBe(200);
    const cameras = list.json<{ items: { id: string; liveness: Record<string, unknown> }[] }>().items;
    expect(cameras.find((c) => c.id === 'cam-strict')?.liveness).toMatchObject({ mode: 'enforce' });
  });

  it('cameras without a policy use LIVENESS_DEFAULT_MODE; the compat identify route is enforced too', async () => {
    const enforcing = await startTestServer({
      driver: 'pglite',
      env: { LIVENESS_DEFAULT_MODE: 'enforce', EMBEDDING_MODEL: MODEL },
    });
    try {
      const face = randomUnitVector(512, random);
      const created = await enforcing.app.inject({
        method: 'POST',
        url: '/v1/people',
        headers: { 'x-api-key': enforcing.adminKey },
        payload: { name: 'Default', templates: { model: MODEL, embeddings: [face] } },
      });
      expect(created.statusCode).toBe(201);
      const v1 = await enforcing.app.inject({
        method: 'POST',
        url: '/v1/identify',
        headers: { 'x-api-key': enforcing.adminKey },
        payload: { camera_id: 'never-configured', model: MODEL, faces: [{ embedding: face }] },
      });
      expect(v1.json()).toMatchObject({ error: { code: 'liveness_required' } });
      const compat = await enforcing.app.inject({
        method: 'POST',
        url: '/attendance/identify',
        headers: { 'x-api-key': enforcing.adminKey },
        payload: { embedding: face, camera_id: 'never-configured' },
      });
      expect(compat.statusCode).toBe(422);
      expect((await rowCounts(enforcing.db)).attendance_event).toBe(0);
      const listed = await enforcing.app.inject({
        method: 'GET',
        url: '/v1/cameras',
        headers: { 'x-api-key': enforcing.adminKey },
      });
      expect(listed.json<{ items: unknown[] }>().items).toEqual([]);
    } finally {
      await enforcing.close();
    }
  });

  it('bad policy input is refused with 400 and changes nothing', async () => {
    for (const body of [
      { mode: 'strict' },
      { mode: 'enforce', threshold: 1.5 },
      { mode: 'warn', extra: true },
      {},
    ]) {
      const response = await setPolicy('cam-bad', body);
      expect(response.statusCode, JSON.stringify(body)).toBe(400);
      expect(response.json()).toMatchObject({ error: { code: 'validation_failed' } });
    }
    const badId = await setPolicy('-not-a-camera', { mode: 'warn' });
    expect(badId.statusCode).toBe(400);
    const { rows } = await server.db.query("SELECT 1 FROM camera WHERE id = 'cam-bad'");
    expect(rows).toHaveLength(0);
  });
});
