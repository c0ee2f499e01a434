import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { KERNEL_MODULES_BASE64, KERNEL_SOURCES_SHA256 } from './kernels.generated.js';
import { kernelBackend, wasmAlignKernels, wasmKernels } from './kernels.js';

describe('WASM kernels', () => {
  it('load in Node: the detector never silently falls back to the JS reference here', () => {
    expect(kernelBackend()).toEqual({ name: 'wasm-simd' });
    expect(wasmKernels()).not.toBeNull();
    expect(wasmAlignKernels()).not.toBeNull();
  });

  it.each(Object.entries(KERNEL_MODULES_BASE64))(
    'compile synchronously in browsers: the %s module stays under the 4 KiB main-thread limit',
    (_name, base64) => {
      expect(atob(base64).length).toBeLessThan(4096);
    },
  );

  it.each(Object.entries(KERNEL_SOURCES_SHA256))(
    'were generated from the current %s (rerun scripts/build-wasm.sh after editing it)',
    (file, sha256) => {
      const source = readFileSync(new URL(`../../wasm/${file}`, import.meta.url));
      expect(createHash('sha256').update(source).digest('hex')).toBe(sha256);
    },
  );
});
