/**
 * The only importer of `onnxruntime-node`. Maps our provider option to execution providers and adapts
 * ORT sessions to the core's {@link InferenceRuntime}.
 * @module
 */
import * as ort from 'onnxruntime-node';
import type { InferenceRuntime, ModelSource, TensorF32 } from '../runtime/inference-runtime.js';
import { OrtModelSession } from '../runtime/ort-model-session.js';

export type NodeProvider = 'cpu' | 'cuda';

export interface NodeRuntimeOptions {
  /** `'cuda'` tries the CUDA execution provider and falls back to CPU (one log line). Default `'cpu'`. */
  provider?: NodeProvider;
  /** Intra-op threads per session (default: ONNX Runtime's choice, one per core). */
  threads?: number;
  /** Where the CUDA fallback notice goes (default `console.warn`). */
  log?: (line: string) => void;
}

// ORT severity 3 = error: hides the harmless "VerifyOutputSizes" warnings SCRFD emits at sizes other than 640.
const LOG_SEVERITY_ERROR = 3;

export function createNodeRuntime(options: NodeRuntimeOptions = {}): InferenceRuntime {
  ort.env.logLevel = 'error';
  const log = options.log ?? ((line: string) => console.warn(line));
  let provider: NodeProvider = options.provider ?? 'cpu';
  const sessionOptions = (p: NodeProvider): ort.InferenceSession.SessionOptions => ({
    executionProviders: [p],
    logSeverityLevel: LOG_SEVERITY_ERROR,
    graphOptimizationLevel: 'all',
    ...(options.threads ? { intraOpNumThreads: options.threads, interOpNumThreads: 1 } : {}),
  });
  const create = async (model: ModelSource): Promise<ort.InferenceSession> => {
    if (provider === 'cuda') {
      try {
        return await createOrtSession(model, sessionOptions('cuda'));
      } catch (error) {
        provider = 'cpu';
        log(`[vision] CUDA execution provider unavailable (${firstLine(error)}); falling back to CPU`);
      }
    }
    return createOrtSession(model, sessionOptions('cpu'));
  };
  return {
    get name() {
      return `onnxruntime-node ${ort.env.versions.common} (${provider})`;
    },
    createSession: async (model) => new OrtModelSession(await create(model), toOrtTensor),
  };
}

function createOrtSession(model: ModelSource, options: ort.InferenceSession.SessionOptions) {
  return typeof model === 'string'
    ? ort.InferenceSession.create(model, options)
    : ort.InferenceSession.create(model, options);
}

function firstLine(error: unknown): string {
  return String(error instanceof Error ? error.message : error).split('\n')[0] ?? '';
}

function toOrtTensor(tensor: TensorF32): ort.Tensor {
  return new ort.Tensor('float32', tensor.data, [...tensor.dims]);
}
