import type { ModelConfig } from '@attendance/protocol';
import type { FacePipeline, PassiveLiveness, RgbImage } from '@attendance/vision';
import { createPassiveLiveness, loadWebPipeline } from '@attendance/vision/web';

interface BrowserConfig extends Partial<ModelConfig> {
  models: { detector: string; recognizer: string; liveness?: string[] };
}

/** Asking the server which models to load: a server that does not answer in this time is an error. */
const CONFIG_TIMEOUT_MS = 4000;
/** Downloading and compiling the models: a load that takes longer is reported instead of spinning on. */
const LOAD_TIMEOUT_MS = 60_000;

/** The server's face model files are missing or wrong: the message names them and the fix. */
export class ModelsUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ModelsUnavailableError';
  }
}

let loading: Promise<FacePipeline> | null = null;

function withTimeout<T>(work: Promise<T>, ms: number, message: string): Promise<T> {
  let timer = 0;
  const timeout = new Promise<never>((_, reject) => {
    timer = window.setTimeout(() => reject(new ModelsUnavailableError(message)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Which models to load, from this server. Throws {@link ModelsUnavailableError} naming the missing or wrong
 * files and the fix when the server reports its model files unusable.
 */
export async function browserConfig(): Promise<BrowserConfig> {
  const response = await withTimeout(
    fetch('/ui/api/config', { credentials: 'same-origin' }),
    CONFIG_TIMEOUT_MS,
    `the server did not say which face models to load within ${CONFIG_TIMEOUT_MS / 1000} s`,
  );
  if (!response.ok) throw new Error(`loading model configuration: HTTP ${response.status}`);
  const config = (await response.json()) as BrowserConfig;
  if (config.status !== undefined && config.status !== 'ok') {
    throw new ModelsUnavailableError(
      `${config.problem ?? 'The face model files are unusable'}. To fix: ${config.fix ?? 'see the server log'}.`,
    );
  }
  return config;
}

/**
 * The passive anti-spoofing pair (MiniFASNet) on onnxruntime-web, from this server's MODELS_DIR
 * (UI_LIVENESS_MODELS). Throws a clear error when the server serves none.
 */
export async function browserLiveness(): Promise<PassiveLiveness> {
  const config = await browserConfig();
  const models = config.models.liveness ?? [];
  if (models.length === 0 || config.liveness === 'none') {
    throw new Error(
      'the server serves no liveness models (UI_LIVENESS_MODELS is empty): choose liveness off',
    );
  }
  if (config.liveness !== undefined && config.liveness !== 'ok') {
    const files = (config.files ?? []).filter((file) => file.role === 'liveness' && file.problem !== null);
    throw new ModelsUnavailableError(
      `The liveness models are ${config.liveness} on the server (${files.map((f) => f.file).join(', ')}). ` +
        'To fix: choose liveness off in the kiosk setup, or install them in MODELS_DIR ' +
        '(`npx attendance models list` says how).',
    );
  }
  return withTimeout(
    createPassiveLiveness({ models }),
    LOAD_TIMEOUT_MS,
    `the liveness models did not load within ${LOAD_TIMEOUT_MS / 1000} s`,
  );
}

/**
 * The shared face pipeline on onnxruntime-web (WASM, single thread). Model files come from this server
 * (`/ui/api/models/…`, cookie-authenticated), never from a third party; loaded once per page. Fails fast
 * with {@link ModelsUnavailableError} when the server lacks the files, and never waits for ever.
 */
export function browserPipeline(): Promise<FacePipeline> {
  loading ??= (async () => {
    const config = await browserConfig();
    return withTimeout(
      loadWebPipeline({
        detector: config.models.detector,
        recognizer: config.models.recognizer,
        detSize: 320,
      }),
      LOAD_TIMEOUT_MS,
      `the face models did not load within ${LOAD_TIMEOUT_MS / 1000} s`,
    );
  })();
  loading.catch(() => {
    loading = null;
  });
  return loading;
}

/** The size that fits `width × height` into `maxSide` on its longer side (never enlarged). */
function fittedSize(width: number, height: number, maxSide: number) {
  const scale = Math.min(1, maxSide / Math.max(width, height));
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

function context2d(surface: HTMLCanvasElement): CanvasRenderingContext2D {
  const context = surface.getContext('2d', { willReadFrequently: true });
  if (!context) throw new Error('2D canvas unavailable');
  return context;
}

/** Draws `source` scaled onto `context`'s whole canvas and writes its pixels as RGB into `rgb`. */
function drawAsRgb(context: CanvasRenderingContext2D, source: CanvasImageSource, rgb: Uint8Array): void {
  const { width, height } = context.canvas;
  context.drawImage(source, 0, 0, width, height);
  const rgba = context.getImageData(0, 0, width, height).data;
  for (let src = 0, dst = 0; src < rgba.length; src += 4, dst += 3) {
    rgb[dst] = rgba[src] ?? 0;
    rgb[dst + 1] = rgba[src + 1] ?? 0;
    rgb[dst + 2] = rgba[src + 2] ?? 0;
  }
}

/** Draws any image source into an RGB buffer (alpha dropped), scaled so its longer side is at most `maxSide`. */
export function toRgbImage(
  source: CanvasImageSource,
  width: number,
  height: number,
  maxSide = 1280,
): RgbImage {
  const size = fittedSize(width, height, maxSide);
  const surface = document.createElement('canvas');
  surface.width = size.width;
  surface.height = size.height;
  const image = { ...size, data: new Uint8Array(size.width * size.height * 3) };
  drawAsRgb(context2d(surface), source, image.data);
  return image;
}

/**
 * Grabs a camera's frames as RGB for the face pipeline, scaled so the longer side is at most `maxSide`:
 * one canvas for every frame, and a fresh RGB image per frame (the caller may keep it).
 */
export class VideoFrameGrabber {
  private readonly surface = document.createElement('canvas');
  private context: CanvasRenderingContext2D | null = null;

  constructor(private readonly maxSide: number) {}

  grab(video: HTMLVideoElement): RgbImage {
    const { width, height } = fittedSize(video.videoWidth, video.videoHeight, this.maxSide);
    if (this.surface.width !== width || this.surface.height !== height || !this.context) {
      this.surface.width = width;
      this.surface.height = height;
      this.context = context2d(this.surface);
    }
    const frame = { width, height, data: new Uint8Array(width * height * 3) };
    drawAsRgb(this.context, video, frame.data);
    return frame;
  }
}

/** Decodes an uploaded photo in the browser; the file never leaves it. */
export async function fileToRgbImage(file: File): Promise<RgbImage> {
  const bitmap = await createImageBitmap(file);
  try {
    return toRgbImage(bitmap, bitmap.width, bitmap.height);
  } finally {
    bitmap.close();
  }
}
