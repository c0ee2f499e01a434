import type { FacePipeline } from '@attendance/vision';
import { describeRuntimeSettings, loadPipeline } from '../pipeline/load-pipeline.js';
import type { EdgeConfig } from '../config/edge-config.js';
import type { CheckResult } from './doctor-check.js';

/**
 * Really loads the configured detector and recognizer on the requested provider and runs one inference
 * of each on a synthetic frame (the original reported success when the model file was missing).
 * Asking for CUDA and silently getting CPU counts as a failure.
 */
export async function checkModels(config: EdgeConfig): Promise<CheckResult[]> {
  const notices: string[] = [];
  let pipeline;
  try {
    pipeline = await loadPipeline(config, (_level, message) => notices.push(message));
  } catch (error) {
    return [{ name: 'models', status: 'fail', detail: (error as Error).message, exitCode: 'model' }];
  }
  try {
    const models = await runModels(pipeline, config, notices);
    // The settings each model runs with on this machine, and whether they were measured, cached or forced.
    const settings: CheckResult = {
      name: 'onnx settings',
      status: 'ok',
      detail: describeRuntimeSettings(pipeline),
    };
    return models.status === 'ok' ? [models, settings] : [models];
  } finally {
    await pipeline.dispose();
  }
}

async function runModels(
  pipeline: FacePipeline,
  config: EdgeConfig,
  notices: string[],
): Promise<CheckResult> {
  try {
    const size = 320;
    const frame = { width: size, height: size, data: new Uint8Array(size * size * 3).fill(128) };
    const started = performance.now();
    await pipeline.detect(frame);
    const detectMs = performance.now() - started;
    // A frontal face's five points (eyes, nose, mouth corners) in the box: any plausible face aligns.
    const landmarks: [number, number][] = [
      [138, 152],
      [174, 152],
      [156, 172],
      [141, 192],
      [171, 192],
    ];
    const embedStarted = performance.now();
    const [embedding] = await pipeline.embedFaces(frame, [
      { box: [100, 100, 212, 212], score: 1, landmarks },
    ]);
    const embedMs = performance.now() - embedStarted;
    if (embedding?.length !== pipeline.dim || !embedding.every(Number.isFinite)) {
      return {
        name: 'models',
        status: 'fail',
        detail: 'the recognizer returned an invalid embedding',
        exitCode: 'model',
      };
    }
    const fellBack = notices.find((line) => /falling back to CPU/i.test(line));
    if (config.provider === 'cuda' && fellBack !== undefined) {
      return { name: 'models', status: 'fail', detail: fellBack, exitCode: 'model' };
    }
    return {
      name: 'models',
      status: 'ok',
      detail:
        `${pipeline.modelId} (dim ${pipeline.dim}, threshold ${pipeline.defaultThreshold}) on ${config.provider}; ` +
        `detect ${detectMs.toFixed(0)} ms, embed ${embedMs.toFixed(0)} ms (first run)`,
    };
  } catch (error) {
    return {
      name: 'models',
      status: 'fail',
      detail: `inference failed: ${(error as Error).message}`,
      exitCode: 'model',
    };
  }
}
