import type { FacePipeline, PassiveLiveness, RgbImage } from '@attendance/vision';
import { createPassiveLiveness, loadWebPipeline } from '@attendance/vision/web';

interface BrowserConfig {
  models: { detector: string; recognizer: string; liveness?: string[] };
}

let loading: Promise<FacePipeline> | null = null;

async function browserConfig(): Promise<BrowserConfig> {
  const response = await fetch('/ui/api/config', { credentials: 'same-origin' });
  if (!response.ok) throw new Error(`loading model configuration: HTTP ${response.status}`);
  return (await response.json()) as BrowserConfig;
}

/**
 * The passive anti-spoofing pair (MiniFASNet) on onnxruntime-web, from this server's MODELS_DIR
 * (UI_LIVENESS_MODELS). Throws a clear error when the server serves none.
 */
export async function browserLiveness(): Promise<PassiveLiveness> {
  const models = (await browserConfig()).models.liveness ?? [];
  if (models.length === 0) {
    throw new Error('the server serves no liveness models (UI_LIVENESS_MODELS is empty)');
  }
  return createPassiveLiveness({ models });
}

/**
 * The shared face pipeline on onnxruntime-web (WASM, single thread). Model files come from this server
 * (`/ui/api/models/…`, cookie-authenticated), never from a third party; loaded once per page.
 */
export function browserPipeline(): Promise<FacePipeline> {
  loading ??= (async () => {
    const config = await browserConfig();
    return loadWebPipeline({
      detector: config.models.detector,
      recognizer: config.models.recognizer,
      detSize: 320,
    });
  })();
  loading.catch(() => {
    loading = null;
  });
  return loading;
}

const canvas = () => document.createElement('canvas');

/** Draws any image source into an RGB buffer (alpha dropped), scaled so its longer side is at most `maxSide`. */
export function toRgbImage(
  source: CanvasImageSource,
  width: number,
  height: number,
  maxSide = 1280,
): RgbImage {
  const scale = Math.min(1, maxSide / Math.max(width, height));
  const w = Math.max(1, Math.round(width * scale));
  const h = Math.max(1, Math.round(height * scale));
  const surface = canvas();
  surface.width = w;
  surface.height = h;
  const context = surface.getContext('2d', { willReadFrequently: true });
  if (!context) throw new Error('2D canvas unavailable');
  context.drawImage(source, 0, 0, w, h);
  const rgba = context.getImageData(0, 0, w, h).data;
  const rgb = new Uint8Array(w * h * 3);
  for (let src = 0, dst = 0; src < rgba.length; src += 4, dst += 3) {
    rgb[dst] = rgba[src] ?? 0;
    rgb[dst + 1] = rgba[src + 1] ?? 0;
    rgb[dst + 2] = rgba[src + 2] ?? 0;
  }
  return { width: w, height: h, data: rgb };
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

export const QUALITY_HINTS: Record<string, string> = {
  too_dark: 'Too dark — add light',
  too_small: 'Come closer',
  low_score: 'Face not clear',
  blurry: 'Hold still',
  bad_pose: 'Look straight at the camera',
  out_of_frame: 'Move into the frame',
};
