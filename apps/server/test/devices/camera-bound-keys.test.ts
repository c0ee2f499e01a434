import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUnitVector, seededRandom } from '../support/embeddings.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

/** An admin binds an edge key to one camera at creation (the dashboard's API keys page offers it). */
describe.each(['pglite', 'postgres'] as const)('camera-bound API keys (%s)', (driver) => {
  let server: TestServer;
  const random = seededRandom(41);

  beforeAll(async () => {
    server = await startTestServer({ driver });
  }, 120_000);
  afterAll(async () => {
    await server?.close();
  });

  const create = (payload: object) =>
    server.app.inject({
      method: 'POST',
      url: '/v1/api-keys',
      headers: { 'x-api-key': server.adminKey },
      payload,
    });
  const identify = (key: string, cameraId: string) =>
    server.app.inject({
      method: 'POST',
      url: '/v1/identify',
      headers: { 'x-api-key': key },
      payload: {
        camera_id: cameraId,
        model: 'default-512',
        faces: [{ embedding: randomUnitVector(512, random) }],
      },
    });

  it('an edge key with camera_id identifies for its camera only and is listed with it', async () => {
    const created = await create({ name: 'side door', scopes: ['edge'], camera_id: 'side-door' });
    expect(created.statusCode, created.body).toBe(201);
    const key = created.json<{ id: string; key: string; camera_id: string | null }>();
    expect(key.camera_id).toBe('side-door');

    expect((await identify(key.key, 'side-door')).statusCode).toBe(200);
    const elsewhere = await identify(key.key, 'front-door');
    expect(elsewhere.statusCode).toBe(403);
    expect(elsewhere.json<{ error: { code: string } }>().error.code).toBe('forbidden');

    const listed = await server.app.inject({
      url: '/v1/api-keys',
      headers: { 'x-api-key': server.adminKey },
    });
    const items = listed.json<{ items: { id: string; camera_id: string | null }[] }>().items;
    expect(items.find((item) => item.id === key.id)?.camera_id).toBe('side-door');
    expect(items.filter((item) => item.id !== key.id).every((item) => item.camera_id === null)).toBe(true);
  });

  it('refuses camera_id on a key with any other scope, and a malformed camera id, writing nothing', async () => {
    const count = async () =>
      (await server.db.query<{ n: number }>('SELECT count(*)::int AS n FROM api_key')).rows[0]?.n;
    const before = await count();
    for (const payload of [
      { name: 'bad', scopes: ['viewer'], camera_id: 'door-1' },
      { name: 'bad', scopes: ['edge', 'admin'], camera_id: 'door-1' },
      { name: 'bad', scopes: ['edge'], camera_id: 'no spaces allowed' },
    ]) {
      const response = await create(payload);
      expect(response.statusCode, JSON.stringify(payload)).toBe(400);
      expect(response.json<{ error: { code: string } }>().error.code).toBe('validation_failed');
    }
    expect(await count()).toBe(before);
  });
});
