import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { KERNEL_SOURCES_SHA256, KERNELS_WASM_BASE64 } from './kernels.generated.js';
import { kernelBackend, wasmKernels } from './kernels.js';

describe('WASM kernels', () => {
  it('load in Node: the detector never silently falls back to the JS reference here', () => {
    expect(kernelBackend()).toEqual({ name: 'wasm-simd' });
    expect(wasmKernels()).not.toBeNull();
  });

  it('compile synchronously in browsers: the module stays under the 4 KiB main-thread limit', () => {
    expect(atob(KERNELS_WASM_BASE64).length).toBeLessThan(4096);
  });

  it.each(Object.entries(KERNEL_SOURCES_SHA256))(
    'were generated from the current %s (rerun scripts/build-wasm.sh after editing it)',
    (file, sha256) => {
      const source = readFileSync(new URL(`../../wasm/${file}`, import.meta.url));
      expect(createHash('sha256').update(source).digest('hex')).toBe(sha256);
    },
  );
});
