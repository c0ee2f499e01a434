import { describe, expect, it } from 'vitest';
import type WebSocket from 'ws';
import { decodeLiveFrame } from '@attendance/protocol';
import { ORIGINAL_CAMERA_ID } from '../../src/relay/relay-plugin.js';
import { KEYS, useRelayApp } from './support/relay-test-app.js';
import { closeCode, fakeJpeg } from './support/ws-clients.js';

/** The next binary message on a socket. */
const nextFrame = (socket: WebSocket) =>
  new Promise<Buffer>((resolve) => {
    const onMessage = (data: Buffer, isBinary: boolean) => {
      if (!isBinary) return;
      socket.off('message', onMessage);
      resolve(data);
    };
    socket.on('message', onMessage);
  });

describe("the original's live routes: /ws/video-input and /ws/stream", () => {
  const { connect } = useRelayApp({ maxFrameBytes: 64 * 1024 });

  it('need a key with the right scope and an allowed origin, like the routes they alias', async () => {
    await expect(connect('/ws/video-input', {})).rejects.toThrow('HTTP 401');
    await expect(connect('/ws/stream', {})).rejects.toThrow('HTTP 401');
    await expect(connect('/ws/video-input', { 'x-api-key': KEYS.viewer })).rejects.toThrow('HTTP 403');
    await expect(connect('/ws/stream', { 'x-api-key': KEYS.edge })).rejects.toThrow('HTTP 403');
    await expect(
      connect('/ws/stream', { 'x-api-key': KEYS.viewer, origin: 'https://evil.example' }),
    ).rejects.toThrow('HTTP 403');
    await expect(connect('/ws/video-input?camera_id=bad%20id', { 'x-api-key': KEYS.edge })).rejects.toThrow(
      'HTTP 400',
    );
  });

  it('relay a publisher without a camera id to /ws/stream as bare JPEG and to /v1/live/view in envelopes', async () => {
    const original = await connect('/ws/stream', { 'x-api-key': KEYS.viewer });
    const current = await connect('/v1/live/view?camera_id=all', { 'x-api-key': KEYS.viewer });
    const publisher = await connect('/ws/video-input', { 'x-api-key': KEYS.edge });
    const frame = fakeJpeg(4096);
    const received = Promise.all([nextFrame(original), nextFrame(current)]);
    // The relay announces a camera before its frames reach viewers; resend until both have one.
    const sender = setInterval(() => publisher.send(frame), 50);
    const [bare, wrapped] = await received.finally(() => clearInterval(sender));
    expect(Buffer.compare(bare, frame)).toBe(0);
    expect(decodeLiveFrame(wrapped)?.cameraId).toBe(ORIGINAL_CAMERA_ID);
    expect(Buffer.compare(Buffer.from(decodeLiveFrame(wrapped)?.jpeg ?? []), frame)).toBe(0);
  });

  it('send /ws/stream viewers no JSON status messages, and close publishers that send something else', async () => {
    const original = await connect('/ws/stream', { 'x-api-key': KEYS.viewer });
    const texts: string[] = [];
    original.on('message', (data: Buffer, isBinary) => {
      if (!isBinary) texts.push(data.toString());
    });
    const named = await connect('/ws/video-input?camera_id=gate', { 'x-api-key': KEYS.edge });
    const frame = nextFrame(original);
    const sender = setInterval(() => named.send(fakeJpeg(1024)), 50);
    await frame.finally(() => clearInterval(sender));
    const closed = closeCode(named);
    named.send('not a jpeg');
    expect(await closed).toBe(1003);
    expect(texts).toEqual([]);
  });
});
