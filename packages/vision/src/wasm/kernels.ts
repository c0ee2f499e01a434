/**
 * The WebAssembly SIMD kernels (`packages/vision/wasm/*.c`, embedded by `scripts/build-wasm.sh`): the
 * detector's letterbox and anchor selection, and the aligner's warp, in two modules loaded once per
 * process, in Node and in browsers alike. Where WebAssembly or its SIMD extension is missing the modules
 * do not validate, and every caller uses its JS reference.
 * @module
 */
import { KERNEL_MODULES_BASE64 } from './kernels.generated.js';

/** What every module exports (pointers are byte offsets into `memory`). */
interface ModuleExports {
  memory: { readonly buffer: ArrayBuffer; grow(pages: number): number };
  __heap_base: { readonly value: number };
}

/** The detector module: letterbox and anchor selection. */
export interface KernelExports extends ModuleExports {
  letterbox_copy(
    src: number,
    width: number,
    rows: number,
    out: number,
    outWidth: number,
    planeStride: number,
    affine: number,
  ): void;
  letterbox_resize(
    src: number,
    srcWidth: number,
    srcHeight: number,
    columns: number,
    rows: number,
    out: number,
    outWidth: number,
    planeStride: number,
    affine: number,
    taps: number,
    row: number,
    /** 1 when `taps` still holds this geometry's taps from the previous call. */
    tapsReady: number,
  ): void;
  select_scores(scores: number, n: number, threshold: number, out: number): number;
  select_products(cls: number, obj: number, n: number, threshold: number, out: number): number;
}

/** The aligner module: the affine warp of face crops. */
export interface AlignExports extends ModuleExports {
  warp_affine(
    crop: number,
    cropX: number,
    cropY: number,
    cropWidth: number,
    frameWidth: number,
    frameHeight: number,
    out: number,
    width: number,
    height: number,
    inverse: number,
  ): void;
}

export interface WasmKernels<Exports extends ModuleExports = KernelExports> {
  readonly exports: Exports;
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

interface LoadedModules {
  detector: WasmKernels<KernelExports>;
  align: WasmKernels<AlignExports>;
}

let loaded: { modules: LoadedModules | null; backend: KernelBackend } | undefined;
const compiled = new Map<string, object>();

function instantiate<Exports extends ModuleExports>(
  wasm: WebAssemblyApi,
  base64: string,
): WasmKernels<Exports> {
  let module = compiled.get(base64);
  if (!module) {
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    // Synchronous compile: browsers allow it on the main thread for modules under 4 KiB (tested).
    module = new wasm.Module(bytes);
    compiled.set(base64, module);
  }
  const exports = new wasm.Instance(module).exports as Exports;
  return {
    exports,
    heapBase: align16(exports.__heap_base.value),
    reserve(bytes) {
      const missing = bytes - exports.memory.buffer.byteLength;
      if (missing > 0) exports.memory.grow(Math.ceil(missing / PAGE));
      return exports.memory.buffer;
    },
  };
}

/** Both modules or neither: they need the same engine features, so one backend describes both. */
function load(): { modules: LoadedModules | null; backend: KernelBackend } {
  try {
    const wasm = (globalThis as unknown as { WebAssembly?: WebAssemblyApi }).WebAssembly;
    if (!wasm) throw new Error('WebAssembly is not available');
    const modules = {
      detector: instantiate<KernelExports>(wasm, KERNEL_MODULES_BASE64.detector),
      align: instantiate<AlignExports>(wasm, KERNEL_MODULES_BASE64.align),
    };
    return { modules, backend: { name: 'wasm-simd' } };
  } catch (error) {
    const fallbackReason = error instanceof Error ? error.message : String(error);
    return { modules: null, backend: { name: 'js', fallbackReason } };
  }
}

/** The detector's kernels, or `null` where WebAssembly SIMD is unavailable (decided once, on first use). */
export function wasmKernels(): WasmKernels | null {
  loaded ??= load();
  return loaded.modules?.detector ?? null;
}

/**
 * A private instance of the detector's kernels, with a memory of its own: for data that must stay put
 * between calls (a detector's input tensor, handed to ONNX Runtime as a view), which the shared instance's
 * growth could detach. `null` where WebAssembly SIMD is unavailable.
 */
export function privateDetectorKernels(): WasmKernels | null {
  loaded ??= load();
  const wasm = (globalThis as unknown as { WebAssembly?: WebAssemblyApi }).WebAssembly;
  return loaded.modules && wasm ? instantiate<KernelExports>(wasm, KERNEL_MODULES_BASE64.detector) : null;
}

/** The aligner's warp kernel, or `null` where WebAssembly SIMD is unavailable. */
export function wasmAlignKernels(): WasmKernels<AlignExports> | null {
  loaded ??= load();
  return loaded.modules?.align ?? null;
}

/**
 * The detector's letterbox and anchor selection and the aligner's warp run on `'wasm-simd'` wherever the
 * kernels load, else on `'js'`.
 */
export function kernelBackend(): KernelBackend {
  loaded ??= load();
  return { ...loaded.backend };
}

export const align16 = (bytes: number): number => Math.ceil(bytes / 16) * 16;
