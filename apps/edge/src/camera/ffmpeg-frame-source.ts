import { spawn, type ChildProcessByStdio } from 'node:child_process';
import type { FrameBuffers } from '@attendance/vision';
import type { Readable } from 'node:stream';
import { CliError } from '../cli/cli-error.js';
import type { RgbFrame } from '../render/rgb-raster.js';
import type { CameraSource } from './camera-source.js';
import { buildFfmpegArgs, buildProbeArgs, type FfmpegOutputOptions } from './ffmpeg-args.js';
import { RawFrameAssembler } from './raw-frame-assembler.js';

/** The frame buffers to fill for a given frame size (a detector's, see `FacePipeline.frameBuffers`). */
export type FrameBufferSource = (width: number, height: number) => FrameBuffers;

export type FfmpegSource = Exclude<CameraSource, { kind: 'images' }>;

/**
 * Runs ffmpeg and yields decoded frames. With `dropStale` (live cameras), frames that arrive while the
 * consumer is busy replace the waiting one, so the agent always works on the newest picture; otherwise
 * (files) the pipe applies back-pressure and every frame is delivered.
 *
 * Frames are written into `frameBuffers(width, height)` while one is free (the detector's own, which it
 * reads without a copy), and a frame is valid only until the consumer asks for the next one: its buffer
 * is then reused. A consumer that keeps a frame longer copies it.
 */
export async function* ffmpegFrames(
  source: FfmpegSource,
  options: FfmpegOutputOptions & {
    ffmpegPath: string;
    dropStale: boolean;
    signal: AbortSignal;
    frameBuffers?: FrameBufferSource;
  },
): AsyncGenerator<RgbFrame> {
  const child = spawn(options.ffmpegPath, buildFfmpegArgs(source, options), {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stderr = captureTail(child.stderr);
  const exited = new Promise<number | null>((resolve, reject) => {
    child.once('error', (error) =>
      reject(new CliError('failure', `cannot start ffmpeg (${options.ffmpegPath}): ${error.message}`)),
    );
    child.once('close', (code) => resolve(code));
  });
  exited.catch(() => undefined);
  const stop = () => child.kill('SIGTERM');
  options.signal.addEventListener('abort', stop, { once: true });
  const { width, height } = options.size;
  try {
    const assembler = new RawFrameAssembler(width, height, options.frameBuffers?.(width, height));
    const frames = options.dropStale ? latestFrames(child, assembler) : everyFrame(child.stdout, assembler);
    for await (const data of frames) yield { width, height, data };
    const code = await exited;
    if (code !== 0 && !options.signal.aborted) {
      throw new CliError('failure', `ffmpeg exited with code ${code}: ${stderr().trim() || 'no output'}`);
    }
  } finally {
    options.signal.removeEventListener('abort', stop);
    if (child.exitCode === null) stop();
  }
}

async function* everyFrame(stdout: Readable, assembler: RawFrameAssembler): AsyncGenerator<Uint8Array> {
  const complete: Uint8Array[] = [];
  try {
    for await (const chunk of stdout) {
      complete.push(...assembler.push(chunk as Buffer));
      for (let frame = complete[0]; frame !== undefined; frame = complete[0]) {
        yield frame;
        complete.shift();
        assembler.release(frame);
      }
    }
  } finally {
    complete.forEach((frame) => assembler.release(frame));
    assembler.close();
  }
}

async function* latestFrames(
  child: ChildProcessByStdio<null, Readable, Readable>,
  assembler: RawFrameAssembler,
): AsyncGenerator<Uint8Array> {
  let latest: Uint8Array | null = null;
  let ended = false;
  let wake: (() => void) | null = null;
  const notify = () => {
    wake?.();
    wake = null;
  };
  child.stdout.on('data', (chunk: Buffer) => {
    const frames = assembler.push(chunk);
    const newest = frames.pop();
    if (newest === undefined) return;
    // Frames nobody will see go straight back to the pool.
    for (const stale of latest === null ? frames : [latest, ...frames]) assembler.release(stale);
    latest = newest;
    notify();
  });
  child.stdout.once('end', () => {
    ended = true;
    notify();
  });
  try {
    for (;;) {
      if (latest === null) {
        if (ended) return;
        await new Promise<void>((resolve) => (wake = resolve));
        continue;
      }
      const frame: Uint8Array = latest;
      latest = null;
      try {
        yield frame;
      } finally {
        assembler.release(frame);
      }
    }
  } finally {
    if (latest !== null) assembler.release(latest);
    latest = null;
    assembler.close();
  }
}

function captureTail(stream: Readable, maxChars = 2000): () => string {
  let text = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    text = (text + chunk).slice(-maxChars);
  });
  return () => text;
}

/** Asks ffprobe for the source's picture size. */
export async function probeFrameSize(
  source: FfmpegSource,
  ffprobePath: string,
): Promise<{ width: number; height: number }> {
  const child = spawn(ffprobePath, buildProbeArgs(source), { stdio: ['ignore', 'pipe', 'pipe'] });
  const stdout = captureTail(child.stdout);
  const stderr = captureTail(child.stderr);
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', (error) =>
      reject(new CliError('failure', `cannot start ffprobe (${ffprobePath}): ${error.message}`)),
    );
    child.once('close', resolve);
  });
  const match = /^(\d+),(\d+)/m.exec(stdout());
  if (code !== 0 || !match) {
    throw new CliError('failure', `cannot open the source: ${stderr().trim() || 'no video stream'}`);
  }
  return { width: Number(match[1]), height: Number(match[2]) };
}
