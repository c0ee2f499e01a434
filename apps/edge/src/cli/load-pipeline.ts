import type { FacePipeline, PassiveLiveness } from '@attendance/vision';
import { createPassiveLiveness, loadNodePipeline } from '@attendance/vision/node';
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

/**
 * Loads the passive-liveness pair (MiniFASNet 2.7× + 4.0×) of the configured pack from the models dir.
 * Missing or unreadable files are a `model` error (exit 70) that says where they were looked for.
 */
export async function loadLiveness(config: EdgeConfig, log: Logger): Promise<PassiveLiveness> {
  try {
    // Every local pack uses the same MiniFASNet pair under antispoof/ in the models dir.
    const liveness = await createPassiveLiveness({
      modelsDir: config.modelsDir,
      ...(config.threads !== null ? { threads: config.threads } : {}),
      provider: config.provider,
      threshold: config.livenessThreshold,
      minFaceSize: config.livenessMinFace,
      log: (line) => log('warn', line),
    });
    log(
      'info',
      `liveness ${config.livenessMode}: ${liveness.modelNames.join(' + ')}, threshold ${liveness.threshold}, ` +
        `min face ${liveness.minFaceSize} px`,
    );
    return liveness;
  } catch (error) {
    throw new CliError(
      'model',
      `liveness ${config.livenessMode} needs the anti-spoofing models (antispoof/*.onnx in ${config.modelsDir}): ` +
        `${(error as Error).message}. Use --liveness off to run without liveness.`,
      { cause: error },
    );
  }
}

function mb(bytes: number): string {
  return (bytes / 1e6).toFixed(1);
}
