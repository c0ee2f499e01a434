/**
 * The only surface of ONNX Runtime the core sees. The node and web entries implement it over
 * `onnxruntime-node` / `onnxruntime-web`, so the core stays free of Node APIs and of any ORT build.
 * @module
 */
import type { TunedSettings } from './session-tuning.js';

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
  /** The session settings in use and how they were chosen (runtimes that tune them). */
  readonly tuning?: TunedSettings | undefined;
  readonly inputs: readonly ValueInfo[];
  readonly outputs: readonly ValueInfo[];
  /** Runs the model; returns every output by name. */
  run(feeds: Record<string, TensorF32>): Promise<Record<string, TensorF32>>;
  release(): Promise<void>;
}

/** Model bytes, or a path/URL the runtime knows how to load. */
export type ModelSource = Uint8Array | string;

/** What a runtime may need to know about a model's use to time it realistically. */
export interface SessionHints {
  /** Height and width the caller will feed to a model with dynamic spatial dimensions (a detector). */
  readonly dynamicSize?: number;
}

export interface InferenceRuntime {
  /** Short name for logs, e.g. `onnxruntime-node (cpu)`. */
  readonly name: string;
  createSession(model: ModelSource, hints?: SessionHints): Promise<ModelSession>;
}
