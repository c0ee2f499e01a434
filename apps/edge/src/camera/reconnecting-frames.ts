import type { Logger } from '../logger.js';
import type { RgbFrame } from '../render/rgb-raster.js';

/**
 * Keeps a live source (webcam, IP camera) running: when ffmpeg fails or the stream ends, it is started
 * again after a back-off (1 s doubling to 30 s, reset once frames flow). Nothing stale is ever yielded
 * in between: the original kept "recognising" its last frame after the camera died.
 */
export async function* reconnectingFrames(
  open: () => AsyncIterable<RgbFrame>,
  options: { signal: AbortSignal; log: Logger; maxDelayMs?: number },
): AsyncGenerator<RgbFrame> {
  const maxDelayMs = options.maxDelayMs ?? 30_000;
  const firstDelayMs = Math.min(1000, maxDelayMs);
  let delayMs = firstDelayMs;
  while (!options.signal.aborted) {
    let received = 0;
    try {
      for await (const frame of open()) {
        received += 1;
        delayMs = firstDelayMs;
        yield frame;
      }
      if (options.signal.aborted) return;
      options.log('warn', `camera stream ended after ${received} frame(s); reconnecting in ${delayMs} ms`);
    } catch (error) {
      if (options.signal.aborted) return;
      options.log('error', `camera failed: ${(error as Error).message}; reconnecting in ${delayMs} ms`);
    }
    await abortableSleep(delayMs, options.signal);
    delayMs = Math.min(maxDelayMs, delayMs * 2);
  }
}

function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
