import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { heapFramePool, type FrameBuffers } from '@attendance/vision';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RgbFrame } from '../render/rgb-raster.js';
import { ffmpegFrames } from './ffmpeg-frame-source.js';

// Larger than a pipe's 64 KiB chunks, as camera frames are: a chunk completes at most one frame.
const WIDTH = 320;
const HEIGHT = 240;
const FRAMES = 30;
let dir: string;
let video: string;

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'frames-'));
  video = path.join(dir, 'counter.mp4');
  // A test pattern whose every frame differs (it shows a running counter).
  const made = spawnSync('ffmpeg', [
    ...['-hide_banner', '-loglevel', 'error', '-f', 'lavfi'],
    ...['-i', `testsrc=size=${WIDTH}x${HEIGHT}:rate=30`, '-frames:v', String(FRAMES), video],
  ]);
  if (made.status !== 0) throw new Error(`ffmpeg: ${made.stderr.toString()}`);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A pool that remembers its buffers, to tell pooled frames from allocated ones. */
function recordingPool(count: number) {
  const pool = heapFramePool(WIDTH, HEIGHT, count);
  const own = new Set<Uint8Array>();
  for (let buffer = pool.acquire(); buffer; buffer = pool.acquire()) own.add(buffer);
  own.forEach((buffer) => pool.release(buffer));
  const free = () => {
    const taken = [...own].map(() => pool.acquire()).filter((b) => b !== undefined);
    taken.forEach((buffer) => pool.release(buffer));
    return taken.length;
  };
  return { pool: pool as FrameBuffers, own, free };
}

const frames = (dropStale: boolean, pool: FrameBuffers) =>
  ffmpegFrames(
    { kind: 'file', path: video },
    {
      ffmpegPath: 'ffmpeg',
      fps: null,
      mirror: false,
      size: { width: WIDTH, height: HEIGHT },
      realtime: false,
      dropStale,
      signal: new AbortController().signal,
      frameBuffers: () => pool,
    },
  );

const checksum = (frame: RgbFrame) => frame.data.reduce((sum, byte, i) => (sum + byte * (i + 1)) % 1e9, 0);
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('ffmpeg frames in reusable buffers', () => {
  it.each([
    ['every frame (a file)', false],
    ['the newest frame (a live camera)', true],
  ])('%s: decoded into the pool, untouched while held, all returned at the end', async (_what, dropStale) => {
    const { pool, own, free } = recordingPool(4);
    const seen: number[] = [];
    for await (const frame of frames(dropStale, pool)) {
      expect(own.has(frame.data)).toBe(true);
      const before = checksum(frame);
      await pause(5); // ffmpeg keeps writing meanwhile
      expect(checksum(frame)).toBe(before);
      seen.push(before);
    }
    expect(new Set(seen).size).toBe(seen.length);
    if (!dropStale) expect(seen).toHaveLength(FRAMES);
    expect(free()).toBe(4);
  });

  it('returns every buffer when the consumer stops early', async () => {
    for (const dropStale of [false, true]) {
      const { pool, free } = recordingPool(4);
      let taken = 0;
      for await (const _frame of frames(dropStale, pool)) {
        if (++taken < 3) continue;
        await pause(20); // a newer frame is waiting when it stops
        break;
      }
      expect(free()).toBe(4);
    }
  });

  it('decodes into new buffers when the pool has none free', async () => {
    const { pool, own } = recordingPool(1);
    const held = pool.acquire();
    let count = 0;
    for await (const frame of frames(false, pool)) {
      expect(own.has(frame.data)).toBe(false);
      count++;
    }
    expect(held).toBeDefined();
    expect(count).toBe(FRAMES);
  });
});
