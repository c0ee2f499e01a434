/**
 * The WebAssembly SIMD kernels of the detector (`packages/vision/wasm/*.c`, embedded by
 * `scripts/build-wasm.sh`): loaded once per process, in Node and in browsers alike. Where WebAssembly or
 * its SIMD extension is missing the module does not validate, and every caller uses its JS reference.
 * @module
 */
import { KERNELS_WASM_BASE64 } from './kernels.generated.js';

/** The exports of the C kernels (pointers are byte offsets into `memory`). */
export interface KernelExports {
  memory: { readonly buffer: ArrayBuffer; grow(pages: number): number };
  __heap_base: { readonly value: number };
  letterbox_copy(
    src: number,
    width: number,
    rows: number,
    out: number,
    outWidth: number,
    affine: number,
  ): void;
  letterbox_resize(
    src: number,
    srcWidth: number,
    srcHeight: number,
    columns: number,
    scaledHeight: number,
    first: number,
    rows: number,
    out: number,
    outWidth: number,
    affine: number,
    taps: number,
  ): void;
  select_scores(scores: number, n: number, threshold: number, out: number): number;
  select_products(cls: number, obj: number, n: number, threshold: number, out: number): number;
}

export interface WasmKernels {
  readonly exports: KernelExports;
  /** First free byte (16-aligned): each kernel call lays out its own scratch from here. */
  readonly heapBase: number;
  /** Grows the memory to at least `bytes`; returns its buffer (a new one after growth: re-create views). */
  reserve(bytes: number): ArrayBuffer;
}

/** Which implementation the detector's pre/post-processing uses, and why the fallback, if it is used. */
export interface KernelBackend {
  name: 'wasm-simd' | 'js';
  fallbackReason?: string;
}

const PAGE = 65_536;

/** The part of the WebAssembly JS API used here (typed locally: the core compiles without DOM types). */
interface WebAssemblyApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object) => { readonly exports: object };
}

let loaded: { kernels: WasmKernels | null; backend: KernelBackend } | undefined;

function load(): { kernels: WasmKernels | null; backend: KernelBackend } {
  try {
    const wasm = (globalThis as unknown as { WebAssembly?: WebAssemblyApi }).WebAssembly;
    if (!wasm) throw new Error('WebAssembly is not available');
    const bytes = Uint8Array.from(atob(KERNELS_WASM_BASE64), (c) => c.charCodeAt(0));
    // Synchronous compile: browsers allow it on the main thread for modules under 4 KiB (tested).
    const exports = new wasm.Instance(new wasm.Module(bytes)).exports as KernelExports;
    const kernels: WasmKernels = {
      exports,
      heapBase: align16(exports.__heap_base.value),
      reserve(bytes) {
        const missing = bytes - exports.memory.buffer.byteLength;
        if (missing > 0) exports.memory.grow(Math.ceil(missing / PAGE));
        return exports.memory.buffer;
      },
    };
    return { kernels, backend: { name: 'wasm-simd' } };
  } catch (error) {
    const fallbackReason = error instanceof Error ? error.message : String(error);
    return { kernels: null, backend: { name: 'js', fallbackReason } };
  }
}

/** The kernels, or `null` where WebAssembly SIMD is unavailable (decided once, on first use). */
export function wasmKernels(): WasmKernels | null {
  loaded ??= load();
  return loaded.kernels;
}

/** The detector's letterbox and anchor selection run on `'wasm-simd'` wherever it loads, else on `'js'`. */
export function kernelBackend(): KernelBackend {
  loaded ??= load();
  return { ...loaded.backend };
}

export const align16 = (bytes: number): number => Math.ceil(bytes / 16) * 16;
