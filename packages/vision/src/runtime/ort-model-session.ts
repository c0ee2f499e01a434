import type { InferenceSession, Tensor } from 'onnxruntime-common';
import type { ModelSession, TensorF32, ValueInfo } from './inference-runtime.js';
import type { TunedSettings } from './session-tuning.js';

/** Builds an input tensor with the runtime's own `Tensor` class (node and web each bundle theirs). */
export type TensorFactory = (tensor: TensorF32) => Tensor;

/**
 * Adapts an ONNX Runtime session (node or web build) to the core's {@link ModelSession}: float32 in,
 * float32 out, input/output names and shapes read once from the session's metadata.
 */
export class OrtModelSession implements ModelSession {
  readonly inputs: readonly ValueInfo[];
  readonly outputs: readonly ValueInfo[];

  constructor(
    private readonly session: InferenceSession,
    private readonly toTensor: TensorFactory,
    readonly tuning?: TunedSettings,
  ) {
    this.inputs = valueInfos(session.inputMetadata);
    this.outputs = valueInfos(session.outputMetadata);
  }

  async run(feeds: Record<string, TensorF32>): Promise<Record<string, TensorF32>> {
    const ortFeeds: Record<string, Tensor> = {};
    for (const [name, tensor] of Object.entries(feeds)) ortFeeds[name] = this.toTensor(tensor);
    const results = await this.session.run(ortFeeds);
    const out: Record<string, TensorF32> = {};
    for (const [name, tensor] of Object.entries(results)) {
      // WebGPU outputs may live on the GPU; getData() downloads them (CPU tensors are read directly).
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

function valueInfos(metadata: readonly InferenceSession.ValueMetadata[]): ValueInfo[] {
  return metadata.map((m) => ({ name: m.name, shape: m.isTensor ? [...m.shape] : [] }));
}
