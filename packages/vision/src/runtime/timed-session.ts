import type { ModelSession, TensorF32, ValueInfo } from './inference-runtime.js';
import type { TunedSettings } from './session-tuning.js';

/** Accumulated time spent inside the runtime's `session.run` (ms, from `performance.now()`). */
export interface RunTiming {
  runs: number;
  ms: number;
}

/** Wraps a session to measure ONNX Runtime's own run time, so callers can tell model time from our overhead. */
export class TimedSession implements ModelSession {
  readonly timing: RunTiming = { runs: 0, ms: 0 };

  constructor(private readonly inner: ModelSession) {}

  get tuning(): TunedSettings | undefined {
    return this.inner.tuning;
  }

  get inputs(): readonly ValueInfo[] {
    return this.inner.inputs;
  }

  get outputs(): readonly ValueInfo[] {
    return this.inner.outputs;
  }

  async run(feeds: Record<string, TensorF32>): Promise<Record<string, TensorF32>> {
    const start = performance.now();
    try {
      return await this.inner.run(feeds);
    } finally {
      this.timing.runs++;
      this.timing.ms += performance.now() - start;
    }
  }

  resetTiming(): void {
    this.timing.runs = 0;
    this.timing.ms = 0;
  }

  release(): Promise<void> {
    return this.inner.release();
  }
}
