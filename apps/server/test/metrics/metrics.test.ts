import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type WebSocket from 'ws';
import { createApiKey } from '../support/api-keys.js';
import { randomUnitVector, seededRandom } from '../support/embeddings.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { fakeJpeg, openSocket } from '../relay/support/ws-clients.js';
import { parsePrometheus, sample } from './prometheus-text.js';

const MODEL = 'metrics-test-512';

/** Real server on PostgreSQL: traffic in, then /metrics must have moved by exactly that traffic. */
describe('Prometheus metrics at /metrics', () => {
  let server: TestServer;
  const keys: Record<'edge' | 'viewer', string> = { edge: '', viewer: '' };
  const sockets: WebSocket[] = [];
  const random = seededRandom(9);
  const enrolled = randomUnitVector(512, random);

  beforeAll(async () => {
    server = await startTestServer({ driver: 'postgres', listen: true });
    keys.edge = (await createApiKey(server, 'edge')).key;
    keys.viewer = (await createApiKey(server, 'viewer')).key;
    const created = await server.app.inject({
      method: 'POST',
      url: '/v1/people',
      headers: { 'x-api-key': server.adminKey },
      payload: { name: 'Metric Person', templates: { model: MODEL, embeddings: [enrolled] } },
    });
    expect(created.statusCode, created.body).toBe(201);
  });
  afterAll(async () => {
    for (const socket of sockets) socket.terminate();
    await server?.close();
  });

  const scrape = async () => {
    const response = await server.app.inject({
      method: 'GET',
      url: '/metrics',
      headers: { 'x-api-key': keys.viewer },
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['content-type']).toContain('text/plain');
    return parsePrometheus(response.body);
  };

  const identify = (body: Record<string, unknown>) =>
    server.app.inject({
      method: 'POST',
      url: '/v1/identify',
      headers: { 'x-api-key': keys.edge },
      payload: { camera_id: 'door-a', model: MODEL, ...body },
    });

  it('is not open: 401 without a key, 403 for an edge key, 200 for viewer and admin', async () => {
    expect((await server.app.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(401);
    const edge = await server.app.inject({
      method: 'GET',
      url: '/metrics',
      headers: { 'x-api-key': keys.edge },
    });
    expect(edge.statusCode).toBe(403);
    expect(edge.json()).toMatchObject({ error: { code: 'forbidden' } });
    const admin = await server.app.inject({
      method: 'GET',
      url: '/metrics',
      headers: { 'x-api-key': server.adminKey },
    });
    expect(admin.statusCode).toBe(200);
  });

  it('identify traffic moves the result counters, the latency histogram and the cache lookups exactly', async () => {
    const before = await scrape();
    const stranger = () => randomUnitVector(512, random);

    expect((await identify({ faces: [{ embedding: enrolled }] })).json()).toMatchObject({
      results: [{ status: 'recorded' }],
    });
    expect((await identify({ faces: [{ embedding: enrolled }] })).json()).toMatchObject({
      results: [{ status: 'already_recorded' }],
    });
    const two = await identify({
      faces: [{ embedding: stranger() }, { embedding: stranger() }],
      queue_depth: 7,
    });
    expect(two.json()).toMatchObject({ results: [{ status: 'unknown' }, { status: 'unknown' }] });
    const refused = await identify({ faces: [{ embedding: [0.1, 0.2] }] });
    expect(refused.statusCode).toBe(422);

    const after = await scrape();
    const delta = (name: string, labels: Record<string, string> = {}) =>
      sample(after, name, labels) - sample(before, name, labels);

    expect(delta('attendance_identify_faces_total', { result: 'recorded' })).toBe(1);
    expect(delta('attendance_identify_faces_total', { result: 'already_recorded' })).toBe(1);
    expect(delta('attendance_identify_faces_total', { result: 'unknown' })).toBe(2);
    expect(delta('attendance_identify_faces_total', { result: 'ambiguous' })).toBe(0);
    // Answered requests only: the refused one (422) is an HTTP response, not an identification.
    expect(delta('attendance_identify_duration_seconds_count')).toBe(3);
    expect(delta('attendance_identify_duration_seconds_sum')).toBeGreaterThan(0);
    expect(sample(after, 'attendance_identify_duration_seconds_bucket', { le: '+Inf' })).toBe(
      sample(after, 'attendance_identify_duration_seconds_count'),
    );
    // Matched faces consult the cooldown cache: the first was a miss, the repeat a hit.
    expect(delta('attendance_cooldown_cache_lookups_total', { result: 'miss' })).toBe(1);
    expect(delta('attendance_cooldown_cache_lookups_total', { result: 'hit' })).toBe(1);
    expect(sample(after, 'attendance_cooldown_cache_hit_ratio')).toBe(0.5);
    expect(sample(after, 'attendance_cooldown_cache_info', { backend: 'memory', status: 'up' })).toBe(1);
    expect(sample(after, 'attendance_edge_queue_depth', { camera_id: 'door-a' })).toBe(7);

    const http = (status: string) =>
      delta('attendance_http_requests_total', { method: 'POST', route: '/v1/identify', status });
    expect(http('200')).toBe(3);
    expect(http('422')).toBe(1);
  });

  it('reports the PostgreSQL pool and process metrics', async () => {
    const now = await scrape();
    expect(sample(now, 'attendance_db_pool_connections', { state: 'max' })).toBe(12);
    const total = sample(now, 'attendance_db_pool_connections', { state: 'total' });
    expect(total).toBeGreaterThanOrEqual(1);
    expect(sample(now, 'attendance_db_pool_connections', { state: 'idle' })).toBeLessThanOrEqual(total);
    expect(now.has('attendance_db_pool_connections{state="waiting"}')).toBe(true);
    expect(now.has('process_cpu_user_seconds_total')).toBe(true);
    expect(now.has('nodejs_heap_size_used_bytes')).toBe(true);
  });

  it('counts relay viewers, publishers and relayed frames', async () => {
    const before = await scrape();
    const ws = (server.baseUrl ?? '').replace('http', 'ws');
    const viewer = await openSocket(`${ws}/v1/live/view?camera_id=door-a`, { 'x-api-key': keys.viewer });
    sockets.push(viewer);
    let framesSeen = 0;
    viewer.on('message', (_data, isBinary) => {
      if (isBinary) framesSeen++;
    });
    const publisher = await openSocket(`${ws}/v1/live/publish?camera_id=door-a`, { 'x-api-key': keys.edge });
    sockets.push(publisher);
    for (let i = 0; i < 3; i++) publisher.send(fakeJpeg(2048));
    await expect.poll(() => framesSeen, { timeout: 20_000 }).toBe(3);

    const after = await scrape();
    expect(sample(after, 'attendance_relay_viewers')).toBe(1);
    expect(sample(after, 'attendance_relay_publishers')).toBe(1);
    expect(
      sample(after, 'attendance_relay_frames_total') - sample(before, 'attendance_relay_frames_total'),
    ).toBe(3);
    expect(after.has('attendance_relay_frames_dropped_total')).toBe(true);
    expect(sample(after, 'attendance_relay_frames_dropped_total')).toBe(0);
  });
});
