import { statSync } from 'node:fs';
import path from 'node:path';
import { EdgeError } from '../errors.js';
import type { RgbFrame } from '../render/rgb-raster.js';
import { describeSource, isLiveSource, parseCameraSource, type CameraSource } from './camera-source.js';
import { ffmpegFrames, probeFrameSize } from './ffmpeg-frame-source.js';
import { imageFolderFrames } from './image-folder-source.js';
import { reconnectingFrames } from './reconnecting-frames.js';
import type { Logger } from '../logger.js';

export interface FrameSourceOptions {
  /** Source spec (see `parseCameraSource`); relative paths are resolved against `cwd`. */
  readonly spec: string;
  readonly cwd: string;
  readonly fps: number | null;
  readonly mirror: boolean;
  /** Forced output size `WxH`; otherwise the source's size, scaled down to at most `maxWidth`. */
  readonly size: { width: number; height: number } | null;
  readonly maxWidth: number;
  readonly realtime: boolean;
  readonly ffmpegPath: string;
  readonly ffprobePath: string;
  readonly signal: AbortSignal;
  /** Where reconnects of live sources are reported. */
  readonly log: Logger;
}

/** Opens a camera, stream, video file or image folder as an async sequence of RGB frames. */
export async function openFrames(
  options: FrameSourceOptions,
): Promise<{ source: CameraSource; description: string; frames: AsyncIterable<RgbFrame> }> {
  const source = resolvePaths(
    parseCameraSource(options.spec, {
      platform: process.platform,
      isDirectory: (candidate) => isDirectory(path.resolve(options.cwd, candidate)),
    }),
    options.cwd,
  );
  const description = describeSource(source);
  if (source.kind === 'images') {
    return { source, description, frames: imageFolderFrames(source.dir, options) };
  }
  if (source.kind === 'file' && !isFile(source.path)) {
    throw new EdgeError('usage', `video file not found: ${source.path}`);
  }
  const size = options.size ?? fitWidth(await probeFrameSize(source, options.ffprobePath), options.maxWidth);
  const live = isLiveSource(source);
  const open = () => ffmpegFrames(source, { ...options, size, dropStale: live });
  const frames = live ? reconnectingFrames(open, options) : open();
  return { source, description: `${description} (${size.width}x${size.height})`, frames };
}

/** Parses `WxH`, e.g. `640x480`. */
export function parseSize(value: string): { width: number; height: number } {
  const match = /^(\d+)x(\d+)$/i.exec(value);
  const width = Number(match?.[1]);
  const height = Number(match?.[2]);
  if (!match || width < 32 || height < 32 || width > 8192 || height > 8192) {
    throw new EdgeError('usage', `--size must look like 640x480 (got "${value}")`);
  }
  return { width, height };
}

function fitWidth(size: { width: number; height: number }, maxWidth: number) {
  if (size.width <= maxWidth) return size;
  const height = Math.round((size.height * maxWidth) / size.width / 2) * 2;
  return { width: maxWidth, height };
}

function resolvePaths(source: CameraSource, cwd: string): CameraSource {
  if (source.kind === 'file') return { kind: 'file', path: path.resolve(cwd, source.path) };
  if (source.kind === 'images') return { kind: 'images', dir: path.resolve(cwd, source.dir) };
  return source;
}

function isDirectory(candidate: string): boolean {
  try {
    return statSync(candidate).isDirectory();
  } catch {
    return false;
  }
}

function isFile(candidate: string): boolean {
  try {
    return statSync(candidate).isFile();
  } catch {
    return false;
  }
}
