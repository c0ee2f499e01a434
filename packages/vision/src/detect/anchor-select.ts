import { align16, wasmKernels, type WasmKernels } from '../wasm/kernels.js';

/**
 * Candidate anchors for the decoders: a superset of the anchors whose score passes, found on the WASM SIMD
 * kernel (`wasm/anchors.c`), so the per-anchor scan (4,200–16,800 anchors per frame) costs the same from
 * the first frame on instead of waiting for the JS JIT. The kernel compares in float32, so it gets a
 * threshold lowered by more than float32 rounding; decoders re-check every candidate exactly.
 */
const MARGIN = 2 ** -20;

const lowered = (threshold: number) => threshold - Math.abs(threshold) * MARGIN;

/** Indices `i` where `!(scores[i] < threshold)`, or a few more (ascending). */
export function candidatesAbove(scores: Float32Array, threshold: number): Int32Array {
  const kernels = wasmKernels();
  if (!kernels) return selectJs(scores.length, (i) => !((scores[i] as number) < threshold));
  return selectWasm(kernels, [scores], (exports, [at], outPtr) =>
    exports.select_scores(at as number, scores.length, lowered(threshold), outPtr),
  );
}

/** YuNet: indices where `!(clip01(cls[i]) · clip01(obj[i]) < threshold)`, or a few more (ascending). */
export function candidatesWithProductAbove(
  cls: Float32Array,
  obj: Float32Array,
  threshold: number,
): Int32Array {
  const n = Math.min(cls.length, obj.length);
  const kernels = wasmKernels();
  if (!kernels) return selectJs(n, (i) => !(clip01(cls[i] as number) * clip01(obj[i] as number) < threshold));
  return selectWasm(kernels, [cls.subarray(0, n), obj.subarray(0, n)], (exports, [c, o], outPtr) =>
    exports.select_products(c as number, o as number, n, lowered(threshold), outPtr),
  );
}

export const clip01 = (value: number): number => Math.min(1, Math.max(0, value));

function selectJs(n: number, keep: (i: number) => boolean): Int32Array {
  const out: number[] = [];
  for (let i = 0; i < n; i++) if (keep(i)) out.push(i);
  return Int32Array.from(out);
}

/** Copies `inputs` into the kernel's memory, runs `select` (returns the count) and copies the indices out. */
function selectWasm(
  kernels: WasmKernels,
  inputs: readonly Float32Array[],
  select: (exports: WasmKernels['exports'], pointers: readonly number[], outPtr: number) => number,
): Int32Array {
  const pointers: number[] = [];
  let next = kernels.heapBase;
  for (const input of inputs) {
    pointers.push(next);
    next += align16(input.byteLength);
  }
  const n = inputs[0]?.length ?? 0;
  const buffer = kernels.reserve(next + 4 * n);
  inputs.forEach((input, k) => new Float32Array(buffer, pointers[k], input.length).set(input));
  const count = select(kernels.exports, pointers, next);
  return new Int32Array(buffer, next, count).slice();
}
