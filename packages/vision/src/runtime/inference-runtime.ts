/**
 * The only surface of ONNX Runtime the core sees. The node and web entries implement it over
 * `onnxruntime-node` / `onnxruntime-web`, so the core stays free of Node APIs and of any ORT build.
 * @module
 */

/** A dense float32 tensor, e.g. `dims = [n, c, h, w]` for an image batch. */
export interface TensorF32 {
  data: Float32Array;
  dims: readonly number[];
}

/** Name and shape of a model input or output; symbolic (dynamic) dimensions are strings. */
export interface ValueInfo {
  name: string;
  shape: readonly (number | string)[];
}

export interface ModelSession {
  readonly inputs: readonly ValueInfo[];
  readonly outputs: readonly ValueInfo[];
  /** Runs the model; returns every output by name. */
  run(feeds: Record<string, TensorF32>): Promise<Record<string, TensorF32>>;
  release(): Promise<void>;
}

/** Model bytes, or a path/URL the runtime knows how to load. */
export type ModelSource = Uint8Array | string;

export interface InferenceRuntime {
  /** Short name for logs, e.g. `onnxruntime-node (cpu)`. */
  readonly name: string;
  createSession(model: ModelSource): Promise<ModelSession>;
}
