import type { Camera } from '@attendance/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../support/api-keys.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

/** A camera's display name and location: set, partly changed, cleared, refused when too long. */
describe.each(['pglite', 'postgres'] as const)('camera name and location (%s)', (driver) => {
  let server: TestServer;
  let operatorKey: string;

  beforeAll(async () => {
    server = await startTestServer({ driver });
    operatorKey = (await createApiKey(server, 'operator')).key;
  }, 120_000);
  afterAll(async () => {
    await server?.close();
  });

  const patch = (camera: string, payload: unknown, key = server.adminKey) =>
    server.app.inject({
      method: 'PATCH',
      url: `/v1/cameras/${camera}`,
      headers: { 'x-api-key': key },
      payload: payload as Record<string, unknown>,
    });
  const listed = async (camera: string) => {
    const response = await server.app.inject({
      url: '/v1/cameras',
      headers: { 'x-api-key': server.adminKey },
    });
    return response.json<{ items: Camera[] }>().items.find((item) => item.id === camera);
  };

  it('stores a name and a location, changes one without the other and clears them', async () => {
    const created = await patch('door-b2', { name: '  Main entrance ', location: 'Building B, level 2' });
    expect(created.statusCode, created.body).toBe(200);
    expect(created.json<Camera>()).toMatchObject({
      id: 'door-b2',
      name: 'Main entrance',
      location: 'Building B, level 2',
      role: 'both',
    });

    expect((await patch('door-b2', { location: 'Building B, lobby' })).statusCode).toBe(200);
    expect(await listed('door-b2')).toMatchObject({ name: 'Main entrance', location: 'Building B, lobby' });

    // Names in any script are kept as typed.
    expect((await patch('door-b2', { name: '正门 · मुख्य द्वार' })).statusCode).toBe(200);
    expect((await listed('door-b2'))?.name).toBe('正门 · मुख्य द्वार');

    expect((await patch('door-b2', { name: null, location: '' })).statusCode).toBe(200);
    expect(await listed('door-b2')).toMatchObject({ name: null, location: null });
  });

  it('keeps the role and liveness policy set through their own routes', async () => {
    await server.app.inject({
      method: 'PUT',
      url: '/v1/cameras/door-exit/role',
      headers: { 'x-api-key': server.adminKey },
      payload: { role: 'exit' },
    });
    expect((await patch('door-exit', { name: 'Back door' })).json<Camera>()).toMatchObject({
      name: 'Back door',
      role: 'exit',
    });
    expect((await listed('door-exit'))?.role).toBe('exit');
  });

  it.each([
    ['a name over 80 characters', { name: 'n'.repeat(81), location: 'fine' }],
    ['a location over 120 characters', { name: 'Fine name', location: 'l'.repeat(121) }],
    ['a name that is not text', { name: 42 }],
    ['an unknown field', { name: 'Fine name', role: 'entry' }],
  ])('refuses %s with 400 validation_failed and changes nothing', async (_case, payload) => {
    expect((await patch('door-keep', { name: 'Kept', location: 'Kept place' })).statusCode).toBe(200);
    const refused = await patch('door-keep', payload);
    expect(refused.statusCode).toBe(400);
    expect(refused.json<{ error: { code: string } }>().error.code).toBe('validation_failed');
    expect(await listed('door-keep')).toMatchObject({ name: 'Kept', location: 'Kept place', role: 'both' });

    // A camera that did not exist is not created by a refused request either.
    expect((await patch('door-never', payload)).statusCode).toBe(400);
    expect(await listed('door-never')).toBeUndefined();
  });

  it('accepts exactly 80 and 120 characters', async () => {
    const response = await patch('door-long', { name: 'n'.repeat(80), location: 'l'.repeat(120) });
    expect(response.statusCode, response.body).toBe(200);
  });

  it('is for admins only', async () => {
    const refused = await patch('door-op', { name: 'Operator door' }, operatorKey);
    expect(refused.statusCode).toBe(403);
    expect(await listed('door-op')).toBeUndefined();
  });
});
