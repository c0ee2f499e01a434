import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureLogger } from '../support/capture-logger.js';
import { openSocket } from './support/ws-clients.js';
import { KEYS, startRelayApp } from './support/relay-test-app.js';

/** A frame over LIVE_MAX_FRAME_BYTES is the client's mistake: one warn line with its code, no stack. */
describe('oversized live frames in the log', () => {
  const capture = captureLogger<{ msg: string; level: number; code?: string; err?: unknown }>();
  let relay: Awaited<ReturnType<typeof startRelayApp>>;
  beforeAll(async () => {
    relay = await startRelayApp({ maxFrameBytes: 1024 }, capture.logger);
  });
  afterAll(() => relay?.app.close());

  it('logs the closed socket at warn without a stack', async () => {
    const socket = await openSocket(`${relay.wsUrl}/v1/live/publish?camera_id=door-1`, {
      'x-api-key': KEYS.edge,
    });
    const closed = new Promise<number>((resolve) => socket.once('close', resolve));
    socket.send(Buffer.concat([Buffer.from([0xff, 0xd8]), Buffer.alloc(4096)]));
    expect(await closed).toBe(1009);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const lines = capture.lines().filter((line) => line.msg.includes('LIVE_MAX_FRAME_BYTES'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 40, code: 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH' });
    expect(capture.text()).not.toContain('"stack"');
    expect(capture.lines().filter((line) => line.level >= 50)).toEqual([]);
  });
});
