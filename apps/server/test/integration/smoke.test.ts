import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { randomUnitVector } from '../support/embeddings.js';

describe.each(['pglite', 'postgres'] as const)('smoke (%s)', (driver) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ driver });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('enrolls and identifies', async () => {
    const face = randomUnitVector(512);
    const headers = { 'x-api-key': server.adminKey };
    const created = await server.app.inject({
      method: 'POST',
      url: '/v1/people',
      headers,
      payload: { name: 'Ada', external_id: 'E1', templates: { model: 'default-512', embeddings: [face] } },
    });
    expect(created.statusCode, created.body).toBe(201);
    const identify = await server.app.inject({
      method: 'POST',
      url: '/v1/identify',
      headers,
      payload: { camera_id: 'cam-1', model: 'default-512', faces: [{ embedding: face }] },
    });
    expect(identify.statusCode, identify.body).toBe(200);
    expect(identify.json()).toMatchObject({ results: [{ status: 'recorded' }] });
  });
});
