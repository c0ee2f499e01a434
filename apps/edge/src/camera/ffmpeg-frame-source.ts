import { spawn, type ChildProcessByStdio } from 'node:child_process';
import type { Readable } from 'node:stream';
import { EdgeError } from '../errors.js';
import type { RgbFrame } from '../render/rgb-raster.js';
import type { CameraSource } from './camera-source.js';
import { buildFfmpegArgs, buildProbeArgs, type FfmpegOutputOptions } from './ffmpeg-args.js';
import { RawFrameAssembler } from './raw-frame-assembler.js';

export type FfmpegSource = Exclude<CameraSource, { kind: 'images' }>;

/**
 * Runs ffmpeg and yields decoded frames. With `dropStale` (live cameras), frames that arrive while the
 * consumer is busy replace the waiting one, so the agent always works on the newest picture; otherwise
 * (files) the pipe applies back-pressure and every frame is delivered.
 */
export async function* ffmpegFrames(
  source: FfmpegSource,
  options: FfmpegOutputOptions & { ffmpegPath: string; dropStale: boolean; signal: AbortSignal },
): AsyncGenerator<RgbFrame> {
  const child = spawn(options.ffmpegPath, buildFfmpegArgs(source, options), {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stderr = captureTail(child.stderr);
  const exited = new Promise<number | null>((resolve, reject) => {
    child.once('error', (error) =>
      reject(new EdgeError('failure', `cannot start ffmpeg (${options.ffmpegPath}): ${error.message}`)),
    );
    child.once('close', (code) => resolve(code));
  });
  exited.catch(() => undefined);
  const stop = () => child.kill('SIGTERM');
  options.signal.addEventListener('abort', stop, { once: true });
  const { width, height } = options.size;
  try {
    const frames = options.dropStale
      ? latestFrames(child, new RawFrameAssembler(width, height))
      : everyFrame(child.stdout, new RawFrameAssembler(width, height));
    for await (const data of frames) yield { width, height, data };
    const code = await exited;
    if (code !== 0 && !options.signal.aborted) {
      throw new EdgeError('failure', `ffmpeg exited with code ${code}: ${stderr().trim() || 'no output'}`);
    }
  } finally {
    options.signal.removeEventListener('abort', stop);
    if (child.exitCode === null) stop();
  }
}

async function* everyFrame(stdout: Readable, assembler: RawFrameAssembler) {
  for await (const chunk of stdout) yield* assembler.push(chunk as Buffer);
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
    const newest = frames[frames.length - 1];
    if (newest !== undefined) {
      latest = newest;
      notify();
    }
  });
  child.stdout.once('end', () => {
    ended = true;
    notify();
  });
  for (;;) {
    if (latest === null) {
      if (ended) return;
      await new Promise<void>((resolve) => (wake = resolve));
      continue;
    }
    const frame: Uint8Array = latest;
    latest = null;
    yield frame;
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
      reject(new EdgeError('failure', `cannot start ffprobe (${ffprobePath}): ${error.message}`)),
    );
    child.once('close', resolve);
  });
  const match = /^(\d+),(\d+)/m.exec(stdout());
  if (code !== 0 || !match) {
    throw new EdgeError('failure', `cannot open the source: ${stderr().trim() || 'no video stream'}`);
  }
  return { width: Number(match[1]), height: Number(match[2]) };
}
