import { decodeLiveFrame } from '@attendance/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type WebSocket from 'ws';
import {
  freePort,
  startRedisServer,
  type RedisServerProcess,
} from '../cache/helpers/redis-server-process.js';
import { fakeJpeg, openSocket } from '../relay/support/ws-clients.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

/**
 * The relay bridge's Redis (this test's own redis-server on a free port, never the shared one) is down when
 * both instances start: they start anyway, each relays its own cameras, and bridging begins by itself once
 * Redis is up.
 */
describe('relay bridge while its Redis is down, then up', () => {
  let port: number;
  let redis: RedisServerProcess | undefined;
  const servers: TestServer[] = [];
  const sockets: WebSocket[] = [];

  beforeAll(async () => {
    port = await freePort();
    const env = { RELAY_REDIS_URL: `redis://127.0.0.1:${port}`, CACHE_KEY_PREFIX: `bridge-outage-${port}` };
    for (let i = 0; i < 2; i++) {
      servers.push(await startTestServer({ driver: 'postgres', listen: true, env }));
    }
  });
  afterAll(async () => {
    for (const socket of sockets) socket.terminate();
    for (const server of servers) await server.close();
    await redis?.stop();
  });

  const viewer = async (server: TestServer) => {
    const socket = await openSocket(
      `${(server.baseUrl ?? '').replace('http', 'ws')}/v1/live/view?camera_id=gate`,
      {
        'x-api-key': server.adminKey,
      },
    );
    sockets.push(socket);
    const frames: Buffer[] = [];
    socket.on('message', (data: Buffer, isBinary) => {
      const frame = isBinary ? decodeLiveFrame(data) : null;
      if (frame) frames.push(Buffer.from(frame.jpeg));
    });
    return frames;
  };

  it('starts without Redis, relays locally, and bridges once Redis comes up', async () => {
    const [a, b] = servers as [TestServer, TestServer];
    const onA = await viewer(a);
    const onB = await viewer(b);
    const publisher = await openSocket(
      `${(a.baseUrl ?? '').replace('http', 'ws')}/v1/live/publish?camera_id=gate`,
      {
        'x-api-key': a.adminKey,
      },
    );
    sockets.push(publisher);

    publisher.send(fakeJpeg(2000));
    await expect.poll(() => onA.length, { timeout: 20_000 }).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(onB).toHaveLength(0);
    const metrics = await a.app.inject({
      method: 'GET',
      url: '/metrics',
      headers: { 'x-api-key': a.adminKey },
    });
    expect(metrics.body).toMatch(/^attendance_relay_bridge_frames_dropped_total [1-9]/m);

    redis = await startRedisServer(port);
    // ioredis reconnects with backoff (at most 2 s) and re-subscribes; keep publishing until B sees a frame.
    const last = fakeJpeg(2500);
    await expect
      .poll(
        () => {
          publisher.send(last);
          return onB.some((frame) => frame.equals(last));
        },
        { timeout: 30_000, interval: 250 },
      )
      .toBe(true);

    // Redis gone again: shutting a server down does not wait for it.
    await redis.stop();
    const closing = Date.now();
    await servers.shift()?.close();
    expect(Date.now() - closing).toBeLessThan(15_000);
  });
});
