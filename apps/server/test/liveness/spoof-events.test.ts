import { LiveMessageSchema, type LiveMessage } from '@attendance/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type WebSocket from 'ws';
import { openSocket } from '../relay/support/ws-clients.js';
import { createApiKey } from '../support/api-keys.js';
import { rowCounts } from '../support/row-counts.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

describe.each(['pglite', 'postgres'] as const)('spoof events (%s)', (driver) => {
  let server: TestServer;
  let edgeKey: string;
  let viewerKey: string;
  const sockets: WebSocket[] = [];

  beforeAll(async () => {
    server = await startTestServer({ driver, listen: true });
    edgeKey = (await createApiKey(server, 'edge')).key;
    viewerKey = (await createApiKey(server, 'viewer')).key;
  }, 120_000);
  afterAll(async () => {
    for (const socket of sockets) socket.terminate();
    await server?.close();
  });

  const post = (payload: Record<string, unknown>, key = edgeKey) =>
    server.app.inject({ method: 'POST', url: '/v1/spoof-events', headers: { 'x-api-key': key }, payload });
  const list = (query = '') =>
    server.app.inject({
      method: 'GET',
      url: `/v1/spoof-events${query}`,
      headers: { 'x-api-key': viewerKey },
    });

  it('stores an attempt once per idempotency key, relays it to viewers and lists it', async () => {
    const viewer = await openSocket(
      `${(server.baseUrl ?? '').replace('http', 'ws')}/v1/live/view?camera_id=all`,
      {
        'x-api-key': viewerKey,
      },
    );
    sockets.push(viewer);
    const messages: LiveMessage[] = [];
    viewer.on('message', (data: Buffer, isBinary) => {
      if (!isBinary) messages.push(LiveMessageSchema.parse(JSON.parse(data.toString())));
    });

    const attempt = {
      camera_id: 'lobby',
      score: 0.18,
      reason: 'passive_spoof',
      mode: 'enforce',
      idempotency_key: 'spoof-lobby-0001',
      captured_at: '2026-11-28T08:00:00.000Z',
    };
    const first = await post(attempt);
    expect(first.statusCode, first.body).toBe(201);
    const created = first.json<{ status: string; event: { id: string } }>();
    expect(created).toMatchObject({
      status: 'recorded',
      event: {
        camera_id: 'lobby',
        reason: 'passive_spoof',
        mode: 'enforce',
        captured_at: attempt.captured_at,
      },
    });
    expect(created.event).toHaveProperty('score');

    // The edge's offline queue replays with the same key: stored once, same event answered.
    const replays = await Promise.all([post(attempt), post(attempt), post(attempt)]);
    for (const replay of replays) {
      expect(replay.statusCode).toBe(200);
      expect(replay.json()).toMatchObject({ status: 'already_recorded', event: { id: created.event.id } });
    }
    const stored = await server.db.query('SELECT 1 FROM spoof_event');
    expect(stored.rows).toHaveLength(1);

    await expect
      .poll(() => messages.filter((m) => m.type === 'spoof.attempt'), { timeout: 10_000 })
      .toHaveLength(1);
    const relayed = messages.find((m) => m.type === 'spoof.attempt');
    expect(relayed?.payload).toEqual({
      id: created.event.id,
      camera_id: 'lobby',
      score: expect.closeTo(0.18, 5) as number,
      reason: 'passive_spoof',
      mode: 'enforce',
      at: attempt.captured_at,
    });

    // Counted once in the metrics, with the camera and the edge's mode as labels.
    const metrics = await server.app.inject({
      method: 'GET',
      url: '/metrics',
      headers: { 'x-api-key': viewerKey },
    });
    expect(metrics.body).toContain('attendance_spoof_attempts_total{camera="lobby",mode="enforce"} 1');

    const page = await list('?camera_id=lobby');
    expect(page.statusCode).toBe(200);
    expect(page.json()).toMatchObject({ total: 1, items: [{ id: created.event.id, camera_id: 'lobby' }] });
  });

  it('stores nothing personal: no image, embedding or person column, and no attendance', async () => {
    const { rows } = await server.db.query<{ column_name: string }>(
      "SELECT column_name FROM information_schema.columns WHERE table_name = 'spoof_event' ORDER BY column_name",
    );
    expect(rows.map((r) => r.column_name)).toEqual([
      'camera_id',
      'captured_at',
      'created_at',
      'id',
      'idempotency_key',
      'mode',
      'reason',
      'score',
    ]);
    const before = await rowCounts(server.db);
    expect(
      (await post({ camera_id: 'side', score: 0.4, reason: 'challenge_no_turn', mode: 'warn' })).statusCode,
    ).toBe(201);
    expect(await rowCounts(server.db)).toEqual(before);
  });

  it('refuses bad input with 400 and images or embeddings as unknown fields; viewers cannot post', async () => {
    const base = { camera_id: 'lobby', score: 0.2, reason: 'passive_spoof', mode: 'enforce' };
    const { rows: before } = await server.db.query('SELECT 1 FROM spoof_event');
    for (const body of [
      { ...base, score: 1.2 },
      { ...base, score: Number.NaN },
      { ...base, reason: 'because' },
      { ...base, mode: 'off' },
      { ...base, camera_id: '' },
      { ...base, idempotency_key: 'short' },
      { ...base, image: 'data:image/jpeg;base64,/9j/' },
      { ...base, embedding: [0.1, 0.2] },
    ]) {
      const response = await post(body);
      expect(response.statusCode, JSON.stringify(body)).toBe(400);
      expect(response.json()).toMatchObject({ error: { code: 'validation_failed' } });
    }
    expect((await post(base, viewerKey)).statusCode).toBe(403);
    const { rows: after } = await server.db.query('SELECT 1 FROM spoof_event');
    expect(after).toHaveLength(before.length);
  });

  it('lists newest first with paging and a since filter', async () => {
    for (const [i, at] of ['2026-11-28T09:00:00Z', '2026-11-28T10:00:00Z'].entries()) {
      await post({
        camera_id: 'gate',
        score: 0.1,
        reason: 'challenge_timeout',
        mode: 'warn',
        captured_at: at,
        idempotency_key: `gate-key-${i}`,
      });
    }
    const page = await list('?camera_id=gate&limit=1');
    expect(page.json()).toMatchObject({
      total: 2,
      limit: 1,
      items: [{ captured_at: '2026-11-28T10:00:00.000Z' }],
    });
    const since = await list(`?camera_id=gate&since=${encodeURIComponent('2026-11-28T09:30:00Z')}`);
    expect(since.json()).toMatchObject({ total: 1 });
  });
});
