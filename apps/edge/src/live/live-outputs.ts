import { EdgeError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { EdgeConfig } from '../config/edge-config.js';
import { LivePublisher } from './live-publisher.js';
import { MjpegPreviewServer } from './mjpeg-preview.server.js';

/** parseArgs options for the live view, shared by `camera` and `register --camera`. */
export const LIVE_FLAG_OPTIONS = {
  'no-live': { type: 'boolean' },
  'live-fps': { type: 'string' },
  'jpeg-quality': { type: 'string' },
  preview: { type: 'string' },
} as const;

export const LIVE_FLAGS_HELP = `Live view:
  --no-live            do not publish to the server's live relay (/v1/live/publish)
  --live-fps N         frames per second sent to the relay (default 5; frames are dropped, never queued)
  --jpeg-quality N     JPEG quality 1-100 (default 80)
  --preview PORT       local preview page on http://127.0.0.1:PORT/ (0 = any free port)`;

export interface LiveOutputs {
  readonly live: LivePublisher | null;
  readonly preview: MjpegPreviewServer | null;
  readonly jpegQuality: number;
  close(): Promise<void>;
}

/** Starts the relay publisher (unless `--no-live`) and the local preview (when `--preview` is given). */
export async function startLiveOutputs(
  values: { 'no-live'?: boolean; 'live-fps'?: string; 'jpeg-quality'?: string; preview?: string },
  config: EdgeConfig,
  log: Logger,
): Promise<LiveOutputs> {
  const liveFps = Number(values['live-fps'] ?? 5);
  const jpegQuality = Number(values['jpeg-quality'] ?? 80);
  if (!(liveFps > 0 && liveFps <= 60)) throw new EdgeError('usage', '--live-fps must be in (0, 60]');
  if (!(Number.isInteger(jpegQuality) && jpegQuality >= 1 && jpegQuality <= 100)) {
    throw new EdgeError('usage', '--jpeg-quality must be an integer 1-100');
  }
  const live =
    values['no-live'] === true
      ? null
      : new LivePublisher({
          serverUrl: config.serverUrl,
          apiKey: config.apiKey,
          cameraId: config.cameraId,
          maxFps: liveFps,
          log,
        });
  let preview: MjpegPreviewServer | null = null;
  if (values.preview !== undefined) {
    const port = Number(values.preview);
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
      throw new EdgeError('usage', '--preview must be a port number');
    }
    preview = await MjpegPreviewServer.start(port);
    log('info', `local preview: ${preview.url}`);
  }
  return {
    live,
    preview,
    jpegQuality,
    async close() {
      live?.close();
      await preview?.close();
    },
  };
}
