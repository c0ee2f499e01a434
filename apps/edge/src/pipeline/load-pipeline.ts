import {
  describeTuning,
  type FacePipeline,
  type PassiveLiveness,
  type TunedSettings,
} from '@attendance/vision';
import {
  cpuModel,
  createPassiveLiveness,
  loadNodePipeline,
  onnxRuntimeVersion,
} from '@attendance/vision/node';
import type { ApiClient } from '../client/api-client.js';
import type { EdgeConfig } from '../config/edge-config.js';
import { fetchServerModel, followServerPack, requireServerModel } from '../config/server-model.js';
import { EdgeError } from '../errors.js';
import type { Logger } from '../logger.js';

/** Loads the configured detector + recognizer; any failure is a `model` error (exit 70). */
export async function loadPipeline(config: EdgeConfig, log: Logger): Promise<FacePipeline> {
  try {
    const pipeline = await loadNodePipeline({
      modelsDir: config.modelsDir,
      ...(config.pack !== null ? { pack: config.pack } : {}),
      ...(config.detector !== null ? { detector: config.detector } : {}),
      ...(config.recognizer !== null ? { recognizer: config.recognizer } : {}),
      ...(config.threads !== null ? { threads: config.threads } : {}),
      graphOptimization: config.graphOptimization,
      detSize: config.detSize,
      quality: config.quality,
      provider: config.provider,
      log: (line) => log('warn', line),
      onDownloadProgress: (progress) => {
        const total = progress.totalBytes === null ? '?' : mb(progress.totalBytes);
        process.stderr.write(`\rdownloading model pack: ${mb(progress.receivedBytes)} / ${total} MB`);
      },
    });
    log('info', `models: ${pipeline.modelId} (dim ${pipeline.dim}), threshold ${pipeline.defaultThreshold}`);
    log('info', `onnxruntime: ${describeRuntimeSettings(pipeline)}`);
    return pipeline;
  } catch (error) {
    throw new EdgeError('model', `cannot load the face models: ${(error as Error).message}`, {
      cause: error,
    });
  }
}

/**
 * Loads the pipeline the server expects: the server's MODEL_PACK unless this edge names its own models,
 * and a `model` error (exit 70) at start when the recognizer differs from the server's. An unreachable
 * server is only a warning (the camera agent queues offline).
 */
export async function loadServerMatchedPipeline(
  config: EdgeConfig,
  log: Logger,
  client: ApiClient,
): Promise<FacePipeline> {
  const server = await fetchServerModel(client, log);
  const pipeline = await loadPipeline(followServerPack(config, server, log), log);
  try {
    requireServerModel(pipeline.modelId, server, log);
  } catch (error) {
    await pipeline.dispose();
    throw error;
  }
  return pipeline;
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
      graphOptimization: config.graphOptimization,
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
    throw new EdgeError(
      'model',
      `liveness ${config.livenessMode} needs the anti-spoofing models (antispoof/*.onnx in ${config.modelsDir}): ` +
        `${(error as Error).message}. Use --liveness off to run without liveness.`,
      { cause: error },
    );
  }
}

/** `onnxruntime-node 1.30.0 on <CPU>; detector …; recognizer …` (settings and how they were chosen). */
export function describeRuntimeSettings(pipeline: FacePipeline): string {
  const settings = pipeline.runtimeSettings();
  const part = (name: string, tuned: TunedSettings | undefined) =>
    `${name} ${tuned ? describeTuning(tuned) : 'runtime defaults'}`;
  return (
    `onnxruntime-node ${onnxRuntimeVersion()} on ${cpuModel()}; ` +
    `${part('detector', settings.detector)}; ${part('recognizer', settings.recognizer)}`
  );
}

function mb(bytes: number): string {
  return (bytes / 1e6).toFixed(1);
}
