/**
 * `@attendance/vision/web`: the face pipeline on `onnxruntime-web` (browser kiosk; also works in Node).
 * @module
 */
import { createPipeline } from '../create-pipeline.js';
import type { FacePipeline } from '../face-pipeline.js';
import { PassiveLiveness, type PassiveLivenessOptions } from '../liveness/passive-liveness.js';
import { detectorSpecForType } from '@attendance/models';
import type { DetectorType, RecognizerSpec } from '@attendance/models';
import type { QualityThresholds } from '../types.js';
import { createWebRuntime, type WebProvider } from './onnx-runtime.js';

export { defaultWasmThreads, type WebProvider } from './onnx-runtime.js';

export interface WebPipelineOptions {
  /** Detector model bytes or URL. Known files are recognised by sha256. */
  detector: ArrayBuffer | Uint8Array | string;
  recognizer: ArrayBuffer | Uint8Array | string;
  /** Needed only for detector files not recognised by hash. */
  detectorType?: DetectorType;
  /** Full spec for a recognizer not recognised by hash. */
  recognizerType?: RecognizerSpec;
  /** Detector input size for dynamic exports (default 320 on WASM, 640 when WebGPU comes first). */
  detSize?: number;
  executionProviders?: WebProvider[];
  threads?: number;
  quality?: Partial<QualityThresholds>;
  threshold?: number;
}

async function toBytes(model: ArrayBuffer | Uint8Array | string): Promise<Uint8Array> {
  if (typeof model !== 'string') return model instanceof Uint8Array ? model : new Uint8Array(model);
  const response = await fetch(model);
  if (!response.ok) throw new Error(`fetching model ${model}: HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

/**
 * Loads the pipeline in a browser (or Node) on WASM/WebGPU.
 * @example
 * const pipeline = await loadWebPipeline({ detector: '/models/det_500m.onnx', recognizer: '/models/faceplugin_fr_feature_512d.onnx', detSize: 320 });
 */
export async function loadWebPipeline(options: WebPipelineOptions): Promise<FacePipeline> {
  const [detectorBytes, recognizerBytes] = await Promise.all([
    toBytes(options.detector),
    toBytes(options.recognizer),
  ]);
  const runtime = createWebRuntime({
    executionProviders: options.executionProviders ?? ['wasm'],
    ...(options.threads ? { threads: options.threads } : {}),
  });
  const describe = (model: ArrayBuffer | Uint8Array | string, role: string) =>
    typeof model === 'string' ? model : `${role} bytes`;
  return createPipeline(runtime, {
    detector: {
      bytes: detectorBytes,
      source: describe(options.detector, 'detector'),
      spec: options.detectorType ? detectorSpecForType(options.detectorType) : undefined,
    },
    recognizer: {
      bytes: recognizerBytes,
      source: describe(options.recognizer, 'recognizer'),
      spec: options.recognizerType,
    },
    detSize: options.detSize ?? (options.executionProviders?.[0] === 'webgpu' ? 640 : 320),
    quality: options.quality,
    threshold: options.threshold,
  });
}

export interface WebLivenessOptions extends PassiveLivenessOptions {
  /** The liveness models (bytes or URLs), e.g. the MiniFASNet 2.7× and 4.0× files; known by sha256. */
  models: readonly (ArrayBuffer | Uint8Array | string)[];
  executionProviders?: WebProvider[];
  threads?: number;
}

/**
 * Loads the passive-liveness model pair on `onnxruntime-web` (WASM by default).
 * @example
 * const liveness = await createPassiveLiveness({ models: ['/models/antispoof/2.7_80x80_MiniFASNetV2.onnx', '/models/antispoof/4_0_0_80x80_MiniFASNetV1SE.onnx'] });
 */
export async function createPassiveLiveness(options: WebLivenessOptions): Promise<PassiveLiveness> {
  const bytes = await Promise.all(options.models.map(toBytes));
  const runtime = createWebRuntime({
    executionProviders: options.executionProviders ?? ['wasm'],
    ...(options.threads ? { threads: options.threads } : {}),
  });
  return PassiveLiveness.load(
    runtime,
    bytes.map((b, i) => {
      const model = options.models[i];
      return { bytes: b, source: typeof model === 'string' ? model : `liveness model ${i + 1}` };
    }),
    options,
  );
}
