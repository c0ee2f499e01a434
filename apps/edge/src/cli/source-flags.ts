import { EdgeError } from '../errors.js';
import { numberFlag } from './command.js';
import { parseSize, type FrameSourceOptions } from '../camera/open-frames.js';
import type { EdgeConfig } from '../config/edge-config.js';
import type { Logger } from '../logger.js';

/** parseArgs options describing how frames are read, shared by `camera` and `register --camera`. */
export const SOURCE_FLAG_OPTIONS = {
  mirror: { type: 'boolean' },
  fps: { type: 'string' },
  size: { type: 'string' },
  realtime: { type: 'boolean' },
} as const;

export const SOURCE_FLAGS_HELP = `Frames (source from --source / CAMERA_SOURCE: webcam:0, /dev/video0, dshow:video=NAME,
avfoundation:0, rtsp://…, http://…, a video file, or a folder of images):
  --mirror             flip frames horizontally (like a mirror)
  --fps N              frame-rate cap
  --size WxH           scale and pad frames to this size (default: the source's, at most 1280 wide)
  --realtime           read a video file at its native speed (default: as fast as it can be processed)`;

/** Builds frame-source options from the flags and configuration. */
export function frameSourceOptions(
  values: { mirror?: boolean; fps?: string; size?: string; realtime?: boolean },
  config: EdgeConfig,
  context: { cwd: string; signal: AbortSignal; log: Logger },
): FrameSourceOptions {
  if (config.cameraSource === null) {
    throw new EdgeError('config', 'no camera source: pass --source (or set CAMERA_SOURCE / CAMERA_INDEX)');
  }
  return {
    spec: config.cameraSource,
    cwd: context.cwd,
    fps: values.fps === undefined ? null : numberFlag(values.fps, 'fps', 10),
    mirror: values.mirror === true,
    size: values.size === undefined ? null : parseSize(values.size),
    maxWidth: 1280,
    realtime: values.realtime === true,
    ffmpegPath: config.ffmpegPath,
    ffprobePath: config.ffprobePath,
    signal: context.signal,
    log: context.log,
  };
}
