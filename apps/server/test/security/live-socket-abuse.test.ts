import { decodeLiveFrame } from '@attendance/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type WebSocket from 'ws';
import { closeCode, fakeJpeg, openSocket } from '../relay/support/ws-clients.js';
import { createApiKey } from '../support/api-keys.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

/**
 * The full server (real auth, rate limits, relay) while hostile clients attack its live sockets: a camera
 * publisher and a viewer that behave keep working — the viewer keeps receiving the camera's frames.
 */
describe('live sockets under attack', () => {
  let server: TestServer;
  let ws: string;
  let keys: Record<'edge' | 'viewer', string>;
  const sockets: WebSocket[] = [];
  let doorFrames = 0;
  let publishing: NodeJS.Timeout | undefined;
  let goodPublisher: WebSocket;
  let goodViewer: WebSocket;

  const connect = async (path: string, headers: Record<string, string>) => {
    const socket = await openSocket(`${ws}${path}`, headers);
    sockets.push(socket);
    return socket;
  };

  /** Frames of the door camera the good viewer receives while `attack` runs (and 300 ms after it). */
  const framesDuring = async (attack: () => Promise<void>) => {
    const before = doorFrames;
    await attack();
    await new Promise((resolve) => setTimeout(resolve, 300));
    return doorFrames - before;
  };

  beforeAll(async () => {
    server = await startTestServer({
      driver: 'pglite',
      listen: true,
      env: { LIVE_MAX_FRAME_BYTES: String(64 * 1024), RATE_LIMIT_IP_PER_MINUTE: '50' },
    });
    ws = (server.baseUrl ?? '').replace('http', 'ws');
    keys = {
      edge: (await createApiKey(server, 'edge')).key,
      viewer: (await createApiKey(server, 'viewer')).key,
    };
    goodViewer = await connect('/v1/live/view?camera_id=all', { 'x-api-key': keys.viewer });
    goodViewer.on('message', (data: Buffer, isBinary) => {
      if (isBinary && decodeLiveFrame(new Uint8Array(data))?.cameraId === 'door') doorFrames++;
    });
    goodPublisher = await connect('/v1/live/publish?camera_id=door', { 'x-api-key': keys.edge });
    publishing = setInterval(() => goodPublisher.send(fakeJpeg(2048)), 40);
    for (let waited = 0; doorFrames < 3 && waited < 10_000; waited += 50) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }, 120_000);
  afterAll(async () => {
    clearInterval(publishing);
    for (const socket of sockets) socket.terminate();
    await server?.close();
  });

  it('the well-behaved viewer receives the door camera', () => {
    expect(doorFrames).toBeGreaterThanOrEqual(3);
  });

  it('refuses upgrades without a key, with a wrong key or scope, or from a foreign Origin', async () => {
    const received = await framesDuring(async () => {
      const attempts = [
        ['/v1/live/view?camera_id=door', {}, 'HTTP 401'],
        ['/v1/live/view?camera_id=door', { 'x-api-key': 'sa_wrong_key_00000000000' }, 'HTTP 401'],
        ['/v1/live/publish?camera_id=door', { 'x-api-key': keys.viewer }, 'HTTP 403'],
        ['/v1/live/view?camera_id=door', { 'x-api-key': keys.edge }, 'HTTP 403'],
        [
          '/v1/live/view?camera_id=door',
          { 'x-api-key': keys.viewer, origin: 'https://evil.example' },
          'HTTP 403',
        ],
        [
          '/v1/live/publish?camera_id=door',
          { 'x-api-key': keys.edge, origin: 'https://evil.example' },
          'HTTP 403',
        ],
        ['/v1/live/view?camera_id=../../etc', { 'x-api-key': keys.viewer }, 'HTTP 400'],
      ] as const;
      for (const [path, headers, refusal] of attempts) {
        await expect(connect(path, headers)).rejects.toThrow(refusal);
      }
    });
    expect(received).toBeGreaterThan(0);
  });

  it('rate-limits a flood of keyless upgrade attempts (429) without touching keyed sockets', async () => {
    const received = await framesDuring(async () => {
      const outcomes = await Promise.allSettled(
        Array.from({ length: 80 }, () => connect('/v1/live/view?camera_id=door', {})),
      );
      const messages = outcomes.map((o) => (o.status === 'rejected' ? String(o.reason) : 'opened'));
      expect(messages).not.toContain('opened');
      expect(messages.some((m) => m.includes('HTTP 429'))).toBe(true);
    });
    expect(received).toBeGreaterThan(0);
  });

  it('closes publishers that send text, non-JPEG bytes or oversized frames', async () => {
    const received = await framesDuring(async () => {
      const text = await connect('/v1/live/publish?camera_id=evil-text', { 'x-api-key': keys.edge });
      const textClosed = closeCode(text);
      text.send('{"type":"camera.online","camera_id":"door"}');
      expect(await textClosed).toBe(1003);

      const garbage = await connect('/v1/live/publish?camera_id=evil-bytes', { 'x-api-key': keys.edge });
      const garbageClosed = closeCode(garbage);
      garbage.send(Buffer.from('GIF89a not a jpeg at all'));
      expect(await garbageClosed).toBe(1003);

      const huge = await connect('/v1/live/publish?camera_id=evil-huge', { 'x-api-key': keys.edge });
      const hugeClosed = closeCode(huge);
      huge.send(fakeJpeg(256 * 1024));
      expect(await hugeClosed).toBe(1009);
    });
    expect(received).toBeGreaterThan(0);
  });

  it('a publisher flooding thousands of frames does not starve the door camera for a viewer of all cameras', async () => {
    const received = await framesDuring(async () => {
      const flood = await connect('/v1/live/publish?camera_id=flood', { 'x-api-key': keys.edge });
      const frame = fakeJpeg(16 * 1024);
      for (let round = 0; round < 10; round++) {
        for (let i = 0; i < 300; i++) flood.send(frame);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      flood.close();
    });
    expect(received).toBeGreaterThan(5);
  });

  it('a viewer that floods messages or sends an oversized one is cut off alone', async () => {
    const received = await framesDuring(async () => {
      const chatty = await connect('/v1/live/view?camera_id=door', { 'x-api-key': keys.viewer });
      for (let i = 0; i < 5000; i++) chatty.send(`{"type":"spam","n":${i}}`);
      const bomb = await connect('/v1/live/view?camera_id=door', { 'x-api-key': keys.viewer });
      const bombClosed = closeCode(bomb);
      bomb.send(Buffer.alloc(200 * 1024, 0x41));
      expect(await bombClosed).toBe(1009);
      chatty.close();
    });
    expect(received).toBeGreaterThan(0);
  });

  it('the good publisher and viewer are still connected and the server is healthy', async () => {
    expect(goodPublisher.readyState).toBe(goodPublisher.OPEN);
    expect(goodViewer.readyState).toBe(goodViewer.OPEN);
    const before = doorFrames;
    await expect.poll(() => doorFrames - before, { timeout: 10_000 }).toBeGreaterThan(5);
    // Health probes are exempt from the IP limit the keyless flood above exhausted.
    expect((await fetch(`${server.baseUrl}/health/ready`)).status).toBe(200);
  });
});
