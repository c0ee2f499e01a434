import type { FacePipeline } from '@attendance/vision';
import { loadNodePipeline } from '@attendance/vision/node';
import type { EdgeConfig } from '../config/edge-config.js';
import { CliError } from './cli-error.js';
import type { Logger } from './logger.js';

/** Loads the configured detector + recognizer; any failure is a `model` error (exit 70). */
export async function loadPipeline(config: EdgeConfig, log: Logger): Promise<FacePipeline> {
  try {
    const pipeline = await loadNodePipeline({
      modelsDir: config.modelsDir,
      ...(config.pack !== null ? { pack: config.pack } : {}),
      ...(config.detector !== null ? { detector: config.detector } : {}),
      ...(config.recognizer !== null ? { recognizer: config.recognizer } : {}),
      ...(config.threads !== null ? { threads: config.threads } : {}),
      detSize: config.detSize,
      provider: config.provider,
      log: (line) => log('warn', line),
      onDownloadProgress: (progress) => {
        const total = progress.totalBytes === null ? '?' : mb(progress.totalBytes);
        process.stderr.write(`\rdownloading model pack: ${mb(progress.receivedBytes)} / ${total} MB`);
      },
    });
    log('info', `models: ${pipeline.modelId} (dim ${pipeline.dim}), threshold ${pipeline.defaultThreshold}`);
    return pipeline;
  } catch (error) {
    throw new CliError('model', `cannot load the face models: ${(error as Error).message}`, {
      cause: error,
    });
  }
}

function mb(bytes: number): string {
  return (bytes / 1e6).toFixed(1);
}
