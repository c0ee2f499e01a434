import { FaceDetector, type DetectorOptions } from './detect/face-detector.js';
import { FacePipeline } from './face-pipeline.js';
import { resolveModelSpec, sha256Hex } from '@attendance/models';
import {
  recognizerModelId,
  type DetectorSpec,
  type ModelSpec,
  type RecognizerSpec,
} from '@attendance/models';
import { FaceRecognizer } from './recognize/face-recognizer.js';
import type { InferenceRuntime } from './runtime/inference-runtime.js';
import type { QualityThresholds } from './types.js';

/** A model file's bytes, where they came from, and optionally its spec (otherwise recognised by sha256). */
export interface ModelBytes {
  bytes: Uint8Array;
  source: string;
  spec?: ModelSpec | undefined;
}

export interface CreatePipelineOptions extends DetectorOptions {
  detector: ModelBytes;
  recognizer: ModelBytes;
  quality?: Partial<QualityThresholds> | undefined;
  /** Overrides the recognizer's calibrated cosine threshold. */
  threshold?: number | undefined;
}

/** Identifies both models, loads them on `runtime` and returns a ready pipeline. */
export async function createPipeline(
  runtime: InferenceRuntime,
  options: CreatePipelineOptions,
): Promise<FacePipeline> {
  const [detectorSha, recognizerSha] = await Promise.all([
    sha256Hex(options.detector.bytes),
    sha256Hex(options.recognizer.bytes),
  ]);
  const detectorSpec = resolveModelSpec({
    role: 'detector',
    sha256: detectorSha,
    source: options.detector.source,
    override: options.detector.spec,
  }) as DetectorSpec;
  const recognizerSpec = resolveModelSpec({
    role: 'recognizer',
    sha256: recognizerSha,
    source: options.recognizer.source,
    override: options.recognizer.spec,
  }) as RecognizerSpec;
  const detector = await FaceDetector.load(runtime, options.detector.bytes, detectorSpec, options);
  try {
    const recognizer = await FaceRecognizer.load(runtime, options.recognizer.bytes, recognizerSpec);
    return new FacePipeline({
      detector,
      recognizer,
      modelId: recognizerModelId(recognizerSpec, recognizerSha),
      quality: options.quality,
      threshold: options.threshold,
    });
  } catch (error) {
    await detector.dispose();
    throw error;
  }
}
