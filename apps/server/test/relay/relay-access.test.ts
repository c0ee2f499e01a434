import { describe, expect, it } from 'vitest';
import { LiveMessageSchema } from '@attendance/protocol';
import { KEYS, useRelayApp } from './support/relay-test-app.js';
import { closeCode, fakeJpeg } from './support/ws-clients.js';

describe('live relay: who may connect', () => {
  const { relay, connect, terminateSockets } = useRelayApp({ maxFrameBytes: 64 * 1024, maxViewers: 3 });

  it('refuses sockets without a key, with an unknown key, or with the wrong scope', async () => {
    await expect(connect('/v1/live/view?camera_id=all', {})).rejects.toThrow('HTTP 401');
    await expect(connect('/v1/live/view', { 'x-api-key': 'nope-nope-nope-nope' })).rejects.toThrow(
      'HTTP 401',
    );
    await expect(connect('/v1/live/publish?camera_id=door', { 'x-api-key': KEYS.viewer })).rejects.toThrow(
      'HTTP 403',
    );
    await expect(connect('/v1/live/view', { 'x-api-key': KEYS.edge })).rejects.toThrow('HTTP 403');
  });

  it('refuses a socket opened from another site, accepts same-origin and allow-listed origins', async () => {
    await expect(
      connect('/v1/live/view', { 'x-api-key': KEYS.viewer, origin: 'https://evil.example' }),
    ).rejects.toThrow('HTTP 403');
    const sameOrigin = `http://127.0.0.1:${relay().port}`;
    await expect(
      connect('/v1/live/view', { 'x-api-key': KEYS.viewer, origin: sameOrigin }),
    ).resolves.toBeDefined();
    await expect(
      connect('/v1/live/view', { 'x-api-key': KEYS.viewer, origin: 'https://dashboard.example' }),
    ).resolves.toBeDefined();
  });

  it('answers bad requests and full rooms with a JSON error before upgrading', async () => {
    const injected = await relay().app.inject({
      method: 'GET',
      url: '/v1/live/publish?camera_id=bad%20id',
      headers: { 'x-api-key': KEYS.edge },
    });
    expect(injected.statusCode).toBe(400);
    expect(injected.json()).toMatchObject({ error: { code: 'validation_failed' } });

    await connect('/v1/live/view', { 'x-api-key': KEYS.viewer });
    await expect(connect('/v1/live/view', { 'x-api-key': KEYS.viewer })).rejects.toThrow('HTTP 503');
  });

  it('closes a publisher that sends an oversized frame or something that is not a JPEG', async () => {
    const big = await connect('/v1/live/publish?camera_id=big', { 'x-api-key': KEYS.edge });
    const bigClosed = closeCode(big);
    big.send(fakeJpeg(128 * 1024));
    expect(await bigClosed).toBe(1009);

    const text = await connect('/v1/live/publish?camera_id=text', { 'x-api-key': KEYS.edge });
    const textClosed = closeCode(text);
    text.send('hello');
    expect(await textClosed).toBe(1003);
  });

  it('tells viewers when a camera goes online and offline', async () => {
    terminateSockets();
    await new Promise((resolve) => setTimeout(resolve, 100));
    const viewer = await connect('/v1/live/view?camera_id=gate', { 'x-api-key': KEYS.viewer });
    const events: string[] = [];
    viewer.on('message', (data: Buffer, isBinary) => {
      if (!isBinary) events.push(LiveMessageSchema.parse(JSON.parse(data.toString())).type);
    });
    const camera = await connect('/v1/live/publish?camera_id=gate', { 'x-api-key': KEYS.edge });
    camera.close();
    await expect
      .poll(() => events.filter((t) => t !== 'relay.status'))
      .toEqual(['camera.online', 'camera.offline']);
  });
});
