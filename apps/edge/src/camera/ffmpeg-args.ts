import type { CameraSource } from './camera-source.js';

export interface FfmpegOutputOptions {
  /** Frame-rate cap (frames are dropped by ffmpeg above it). */
  readonly fps: number | null;
  /** Flip horizontally, like a mirror (the original's default for webcams). */
  readonly mirror: boolean;
  /** Output size; the picture is scaled to fit and padded, keeping its aspect ratio. */
  readonly size: { readonly width: number; readonly height: number };
  /** Read a file at its native speed instead of as fast as possible. */
  readonly realtime: boolean;
}

/**
 * ffmpeg arguments that decode `source` to raw rgb24 frames of exactly `size` on stdout
 * (`width × height × 3` bytes per frame, no container, no temp files).
 */
export function buildFfmpegArgs(
  source: Exclude<CameraSource, { kind: 'images' }>,
  options: FfmpegOutputOptions,
): string[] {
  const { width, height } = options.size;
  const filters: string[] = [];
  if (options.fps !== null) filters.push(`fps=${options.fps}`);
  if (options.mirror) filters.push('hflip');
  filters.push(
    `scale=${width}:${height}:force_original_aspect_ratio=decrease`,
    `pad=${width}:${height}:(ow-iw)/2:(oh-ih)/2`,
  );
  return [
    '-hide_banner',
    '-loglevel',
    'error',
    '-nostdin',
    ...inputArgs(source, options.realtime),
    '-an',
    '-vf',
    filters.join(','),
    '-f',
    'rawvideo',
    '-pix_fmt',
    'rgb24',
    'pipe:1',
  ];
}

function inputArgs(source: Exclude<CameraSource, { kind: 'images' }>, realtime: boolean): string[] {
  switch (source.kind) {
    case 'v4l2':
      return ['-f', 'v4l2', '-i', source.device];
    case 'dshow':
      return ['-f', 'dshow', '-i', source.device];
    case 'avfoundation':
      return ['-f', 'avfoundation', '-framerate', '30', '-i', source.device];
    case 'url':
      return source.url.startsWith('rtsp')
        ? ['-rtsp_transport', 'tcp', '-i', source.url]
        : ['-i', source.url];
    case 'file':
      return [...(realtime ? ['-re'] : []), '-i', source.path];
  }
}

/** ffprobe arguments that print the first video stream's `width,height` as CSV. */
export function buildProbeArgs(source: Exclude<CameraSource, { kind: 'images' }>): string[] {
  const input = inputArgs(source, false).filter((arg) => arg !== '-re');
  return [
    '-v',
    'error',
    ...input.slice(0, -2),
    '-select_streams',
    'v:0',
    '-show_entries',
    'stream=width,height',
    '-of',
    'csv=p=0',
    input[input.length - 1] ?? '',
  ];
}
