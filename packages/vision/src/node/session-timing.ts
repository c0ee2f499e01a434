import type * as ort from 'onnxruntime-node';
import type { TimedCandidate } from '../runtime/session-tuning.js';

/**
 * A session ready to be timed on a synthetic input (mid-grey with a fixed texture: convolution time does
 * not depend on the pixels). Symbolic dimensions: the first (batch) is 1, the others `dynamicSize`.
 */
export function timedCandidate(
  session: ort.InferenceSession,
  makeTensor: (dims: number[], data: Float32Array) => ort.Tensor,
  dynamicSize: number,
): TimedCandidate {
  const feeds: Record<string, ort.Tensor> = {};
  for (const input of session.inputMetadata) {
    if (!input.isTensor) throw new Error(`input ${input.name} is not a tensor`);
    const dims = input.shape.map((d, i) => (typeof d === 'number' && d > 0 ? d : i === 0 ? 1 : dynamicSize));
    const data = new Float32Array(dims.reduce((a, b) => a * b, 1));
    for (let i = 0; i < data.length; i++) data[i] = 0.5 + 0.25 * Math.sin(i * 0.618);
    feeds[input.name] = makeTensor(dims, data);
  }
  return {
    async run() {
      const started = performance.now();
      await session.run(feeds);
      return performance.now() - started;
    },
    release: () => session.release(),
  };
}
