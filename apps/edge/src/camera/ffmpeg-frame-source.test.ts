import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RgbFrame } from '../render/rgb-raster.js';
import { ffmpegFrames } from './ffmpeg-frame-source.js';

// Larger than a pipe's 64 KiB chunks, as camera frames are.
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

const frames = (dropStale: boolean) =>
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
    },
  );

const checksum = (frame: RgbFrame) => frame.data.reduce((sum, byte, i) => (sum + byte * (i + 1)) % 1e9, 0);

describe('ffmpeg frames', () => {
  it.each([
    ['every frame (a file)', false],
    ['the newest frame (a live camera)', true],
  ])('%s: each a whole frame of its own, untouched by the frames after it', async (_what, dropStale) => {
    const kept: { frame: RgbFrame; sum: number }[] = [];
    for await (const frame of frames(dropStale)) {
      expect(frame.data).toHaveLength(WIDTH * HEIGHT * 3);
      kept.push({ frame, sum: checksum(frame) });
    }
    expect(kept.map(({ frame, sum }) => checksum(frame) === sum)).not.toContain(false);
    expect(new Set(kept.map(({ sum }) => sum)).size).toBe(kept.length);
    if (!dropStale) expect(kept).toHaveLength(FRAMES);
    else expect(kept.length).toBeGreaterThan(0);
  });
});
