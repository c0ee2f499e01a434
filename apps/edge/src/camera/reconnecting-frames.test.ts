import { describe, expect, it } from 'vitest';
import type { RgbFrame } from '../render/rgb-raster.js';
import { reconnectingFrames } from './reconnecting-frames.js';

const frame = (value: number): RgbFrame => ({ width: 1, height: 1, data: Uint8Array.of(value, 0, 0) });

describe(reconnectingFrames.name, () => {
  it('restarts a failed or ended source and stops when aborted', async () => {
    const controller = new AbortController();
    const logs: string[] = [];
    let opened = 0;
    const open = async function* () {
      opened += 1;
      await Promise.resolve();
      yield frame(opened);
      if (opened === 1) throw new Error('connection reset');
    };
    const seen: number[] = [];
    for await (const next of reconnectingFrames(open, {
      signal: controller.signal,
      log: (_level, message) => logs.push(message),
      maxDelayMs: 1,
    })) {
      seen.push(next.data[0] ?? -1);
      if (seen.length === 3) controller.abort();
    }
    expect(seen).toEqual([1, 2, 3]);
    expect(logs[0]).toMatch(/camera failed: connection reset; reconnecting/);
    expect(logs[1]).toMatch(/camera stream ended after 1 frame\(s\)/);
  });
});
