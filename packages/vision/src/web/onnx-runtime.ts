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
  /** WASM threads; default {@link defaultWasmThreads}. */
  threads?: number;
}

/** What {@link defaultWasmThreads} reads from the page (`globalThis` in a browser). */
export interface WasmThreadScope {
  readonly crossOriginIsolated?: boolean;
  readonly navigator?: { readonly hardwareConcurrency?: number };
}

/**
 * WASM threads where the page can have them: they need SharedArrayBuffer, i.e. a cross-origin-isolated
 * page (COOP `same-origin` + COEP `require-corp`); elsewhere ORT would silently fall back to one thread.
 * Up to 4 (more rarely pays off for these small models). SIMD needs no choice: onnxruntime-web ships only
 * SIMD builds (`ort-wasm-simd-threaded*.wasm`), so every browser that runs it uses SIMD.
 */
export function defaultWasmThreads(scope: WasmThreadScope = globalThis as WasmThreadScope): number {
  if (scope.crossOriginIsolated !== true) return 1;
  return Math.max(1, Math.min(4, scope.navigator?.hardwareConcurrency ?? 1));
}

export function createWebRuntime(options: WebRuntimeOptions = {}): InferenceRuntime {
  ort.env.logLevel = 'error';
  ort.env.wasm.numThreads = options.threads ?? defaultWasmThreads();
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
