/**
 * @module What `--source` means: a webcam (V4L2 / DirectShow / AVFoundation), a network stream, a
 * video file, or a folder of images.
 */

export type CameraSource =
  | { readonly kind: 'v4l2'; readonly device: string }
  | { readonly kind: 'dshow'; readonly device: string }
  | { readonly kind: 'avfoundation'; readonly device: string }
  | { readonly kind: 'url'; readonly url: string }
  | { readonly kind: 'file'; readonly path: string }
  | { readonly kind: 'images'; readonly dir: string };

const STREAM_SCHEMES = /^(rtsp|rtsps|rtmp|http|https|udp|tcp|srt):\/\//i;

/**
 * Parses a source spec:
 * - `webcam:0` → the platform's webcam API (`/dev/video0` on Linux, AVFoundation index on macOS;
 *   on Windows give the DirectShow name: `dshow:video=Integrated Camera`);
 * - `/dev/video2`, `v4l2:/dev/video2`, `dshow:video=…`, `avfoundation:0`;
 * - `rtsp://…`, `http(s)://…` and other stream URLs;
 * - a directory → its images in name order; anything else → a video file.
 */
export function parseCameraSource(
  spec: string,
  options: { platform: NodeJS.Platform; isDirectory: (path: string) => boolean },
): CameraSource {
  const prefixed = /^(v4l2|dshow|avfoundation|webcam):(.+)$/.exec(spec);
  if (prefixed) {
    const [, api, device = ''] = prefixed;
    if (api === 'v4l2') return { kind: 'v4l2', device };
    if (api === 'dshow') return { kind: 'dshow', device };
    if (api === 'avfoundation') return { kind: 'avfoundation', device };
    return webcam(device, options.platform);
  }
  if (/^\/dev\/video\d+$/.test(spec)) return { kind: 'v4l2', device: spec };
  if (STREAM_SCHEMES.test(spec)) return { kind: 'url', url: spec };
  if (options.isDirectory(spec)) return { kind: 'images', dir: spec };
  return { kind: 'file', path: spec };
}

function webcam(index: string, platform: NodeJS.Platform): CameraSource {
  if (platform === 'darwin') return { kind: 'avfoundation', device: index };
  if (platform === 'win32') return { kind: 'dshow', device: `video=${index}` };
  return { kind: 'v4l2', device: /^\d+$/.test(index) ? `/dev/video${index}` : index };
}

/** Live sources drop frames when processing falls behind; files and folders are processed fully. */
export function isLiveSource(source: CameraSource): boolean {
  return source.kind !== 'file' && source.kind !== 'images';
}

/** A short description for logs, without credentials embedded in stream URLs. */
export function describeSource(source: CameraSource): string {
  switch (source.kind) {
    case 'url': {
      try {
        const url = new URL(source.url);
        url.username = '';
        url.password = '';
        return `stream ${url.toString()}`;
      } catch {
        return 'stream (unparseable URL)';
      }
    }
    case 'file':
      return `video file ${source.path}`;
    case 'images':
      return `image folder ${source.dir}`;
    case 'v4l2':
    case 'dshow':
    case 'avfoundation':
      return `${source.kind} camera ${source.device}`;
  }
}
