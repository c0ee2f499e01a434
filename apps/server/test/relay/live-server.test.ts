import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type WebSocket from 'ws';
import { LiveMessageSchema, type LiveMessage } from '@attendance/protocol';
import { randomUnitVector } from '../support/embeddings.js';
import { createApiKey } from '../support/api-keys.js';
import { enrollPerson, startTestServer, type TestServer } from '../support/test-server.js';
import { openSocket } from './support/ws-clients.js';

const localToday = (timeZone: string) => new Intl.DateTimeFormat('en-CA', { timeZone }).format(new Date());

/** The relay inside the real server: keys from the database, events from the recognition service. */
describe('live relay in the full server', () => {
  let server: TestServer;
  let wsBase: string;
  const keys: Record<string, string> = {};
  const sockets: WebSocket[] = [];

  beforeAll(async () => {
    server = await startTestServer({ driver: 'pglite', listen: true });
    wsBase = (server.baseUrl ?? '').replace('http', 'ws');
    for (const scope of ['edge', 'viewer'] as const) {
      keys[scope] = (await createApiKey(server, scope)).key;
    }
  });
  afterAll(async () => {
    for (const socket of sockets) socket.terminate();
    await server?.close();
  });

  const collect = (socket: WebSocket) => {
    const messages: LiveMessage[] = [];
    socket.on('message', (data: Buffer, isBinary) => {
      if (!isBinary) messages.push(LiveMessageSchema.parse(JSON.parse(data.toString())));
    });
    return messages;
  };

  it('pushes attendance.recorded and face.unknown from /v1/identify to viewers of that camera', async () => {
    const viewer = await openSocket(`${wsBase}/v1/live/view?camera_id=entrance`, {
      'x-api-key': keys.viewer ?? '',
    });
    const other = await openSocket(`${wsBase}/v1/live/view?camera_id=back-door`, {
      'x-api-key': keys.viewer ?? '',
    });
    sockets.push(viewer, other);
    const messages = collect(viewer);
    const otherMessages = collect(other);
    const face = randomUnitVector(512);
    await enrollPerson(server, 'Ada Live', [face], 'live-test-512');

    const identify = (embedding: number[]) =>
      server.app.inject({
        method: 'POST',
        url: '/v1/identify',
        headers: { 'x-api-key': keys.edge ?? '' },
        payload: { camera_id: 'entrance', model: 'live-test-512', faces: [{ embedding }] },
      });
    expect((await identify(face)).json()).toMatchObject({ results: [{ status: 'recorded' }] });
    expect((await identify(randomUnitVector(512))).json()).toMatchObject({
      results: [{ status: 'unknown' }],
    });

    await expect
      .poll(() => messages.filter((m) => m.type !== 'relay.status').map((m) => m.type))
      .toEqual(['attendance.recorded', 'face.unknown']);
    const recorded = messages.find((m) => m.type === 'attendance.recorded');
    expect(recorded?.payload).toMatchObject({ camera_id: 'entrance', person: { name: 'Ada Live' } });
    expect(otherMessages.filter((m) => m.type !== 'relay.status')).toEqual([]);
  });

  it('tells dashboards (viewers of every camera) that the board changed when attendance is recorded or corrected', async () => {
    const dashboard = await openSocket(`${wsBase}/v1/live/view?camera_id=all`, {
      'x-api-key': keys.viewer ?? '',
    });
    sockets.push(dashboard);
    const messages = collect(dashboard);
    const face = randomUnitVector(512);
    const id = await enrollPerson(server, 'Bea Board', [face], 'live-test-512');
    const identified = await server.app.inject({
      method: 'POST',
      url: '/v1/identify',
      headers: { 'x-api-key': keys.edge ?? '' },
      payload: { camera_id: 'entrance', model: 'live-test-512', faces: [{ embedding: face }] },
    });
    expect(identified.json()).toMatchObject({ results: [{ status: 'recorded' }] });
    await expect
      .poll(() => messages.find((m) => m.type === 'attendance.board_changed')?.payload)
      .toMatchObject({
        person_id: id,
        cause: 'recorded',
        date: localToday(server.config.attendanceTimeZone),
      });

    const added = await server.app.inject({
      method: 'POST',
      url: '/v1/attendance/events',
      headers: { 'x-api-key': server.adminKey },
      payload: { person_id: id, recorded_at: '2026-03-04T12:00:00Z', direction: 'out', reason: 'missed' },
    });
    expect(added.statusCode, added.body).toBe(201);
    await expect
      .poll(() =>
        messages.find((m) => m.type === 'attendance.board_changed' && m.payload.cause === 'corrected'),
      )
      .toMatchObject({ payload: { person_id: id, date: '2026-03-04' } });
  });

  it('refuses live sockets without a key, with the wrong scope or from another origin', async () => {
    await expect(openSocket(`${wsBase}/v1/live/view`, {})).rejects.toThrow('HTTP 401');
    await expect(
      openSocket(`${wsBase}/v1/live/publish?camera_id=x`, { 'x-api-key': keys.viewer ?? '' }),
    ).rejects.toThrow('HTTP 403');
    await expect(
      openSocket(`${wsBase}/v1/live/view`, {
        'x-api-key': keys.viewer ?? '',
        origin: 'https://evil.example',
      }),
    ).rejects.toThrow('HTTP 403');
  });
});
