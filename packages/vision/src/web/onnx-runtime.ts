/**
 * The only importer of `onnxruntime-web` (WASM; WebGPU where the browser has it). Also runs in Node,
 * which is how the tests compare it with `onnxruntime-node`.
 * @module
 */
import * as ort from 'onnxruntime-web';
import type {
  InferenceRuntime,
  ModelSession,
  ModelSource,
  TensorF32,
  ValueInfo,
} from '../runtime/inference-runtime.js';

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
      return new WebModelSession(session);
    },
  };
}

function valueInfos(metadata: readonly ort.InferenceSession.ValueMetadata[]): ValueInfo[] {
  return metadata.map((m) => ({ name: m.name, shape: m.isTensor ? [...m.shape] : [] }));
}

class WebModelSession implements ModelSession {
  readonly inputs: readonly ValueInfo[];
  readonly outputs: readonly ValueInfo[];

  constructor(private readonly session: ort.InferenceSession) {
    this.inputs = valueInfos(session.inputMetadata);
    this.outputs = valueInfos(session.outputMetadata);
  }

  async run(feeds: Record<string, TensorF32>): Promise<Record<string, TensorF32>> {
    const ortFeeds: Record<string, ort.Tensor> = {};
    for (const [name, t] of Object.entries(feeds)) {
      ortFeeds[name] = new ort.Tensor('float32', t.data, [...t.dims]);
    }
    const results = await this.session.run(ortFeeds);
    const out: Record<string, TensorF32> = {};
    for (const [name, tensor] of Object.entries(results)) {
      // WebGPU outputs may live on the GPU; getData() downloads them (a no-op copy for CPU tensors).
      const data = tensor.location === 'cpu' ? tensor.data : await tensor.getData(true);
      if (!(data instanceof Float32Array)) {
        throw new Error(`output ${name} is ${tensor.type}, expected float32`);
      }
      out[name] = { data, dims: tensor.dims };
    }
    return out;
  }

  release(): Promise<void> {
    return this.session.release();
  }
}
