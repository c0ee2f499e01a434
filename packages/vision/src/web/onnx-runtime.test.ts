import { describe, expect, it } from 'vitest';
import { defaultWasmThreads } from './onnx-runtime.js';

describe(defaultWasmThreads.name, () => {
  it('uses threads only on a cross-origin-isolated page, up to 4', () => {
    expect(defaultWasmThreads({ crossOriginIsolated: false, navigator: { hardwareConcurrency: 8 } })).toBe(1);
    expect(defaultWasmThreads({ navigator: { hardwareConcurrency: 8 } })).toBe(1);
    expect(defaultWasmThreads({ crossOriginIsolated: true, navigator: { hardwareConcurrency: 8 } })).toBe(4);
    expect(defaultWasmThreads({ crossOriginIsolated: true, navigator: { hardwareConcurrency: 2 } })).toBe(2);
    expect(defaultWasmThreads({ crossOriginIsolated: true })).toBe(1);
  });
});
