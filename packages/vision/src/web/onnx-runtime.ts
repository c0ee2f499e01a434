/**
 * The only importer of `onnxruntime-web` (WASM; WebGPU where the browser has it). Also runs in Node,
 * which is how the tests compare it with `onnxruntime-node`.
 * @module
 */
import * as ort from 'onnxruntime-web';
import type { InferenceRuntime, ModelSource, TensorF32 } from '../runtime/inference-runtime.js';
import { OrtModelSession } from '../runtime/ort-model-session.js';

export type WebProvider = 'wasm' | 'webgpu';

export interface WebRuntimeOptions {
  /** In order of preference; ORT falls back along the list. Default `['wasm']`. */
  executionProviders?: WebProvider[];
  /** WASM threads (needs cross-origin isolation in browsers); default 1. */
  threads?: number;
}

export function createWebRuntime(options: WebRuntimeOptions = {}): InferenceRuntime {
  ort.env.logLevel = 'error';
  ort.env.wasm.numThreads = options.threads ?? 1;
  const executionProviders = options.executionProviders ?? ['wasm'];
  return {
    name: `onnxruntime-web ${ort.env.versions.web ?? ''} (${executionProviders.join(', ')})`,
    createSession: async (model: ModelSource) => {
      const sessionOptions: ort.InferenceSession.SessionOptions = { executionProviders, logSeverityLevel: 3 };
      const session =
        typeof model === 'string'
          ? await ort.InferenceSession.create(model, sessionOptions)
          : await ort.InferenceSession.create(model, sessionOptions);
      return new OrtModelSession(session, toOrtTensor);
    },
  };
}

function toOrtTensor(tensor: TensorF32): ort.Tensor {
  return new ort.Tensor('float32', tensor.data, [...tensor.dims]);
}
