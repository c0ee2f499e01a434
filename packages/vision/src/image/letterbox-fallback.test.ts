import { afterEach, describe, expect, it, vi } from 'vitest';
import { randomImage } from '../../test/image.fixture.js';
import { SCRFD_PIXELS } from '@attendance/models';

// The kernels are chosen once per process: each test loads fresh modules with WebAssembly hidden.
async function withoutWebAssembly() {
  vi.resetModules();
  vi.stubGlobal('WebAssembly', undefined);
  const letterbox = await import('./letterbox.js');
  const kernels = await import('../wasm/kernels.js');
  return { ...letterbox, ...kernels };
}

afterEach(() => {
  vi.unstubAllGlobals();
  vi.resetModules();
});

describe('the letterbox where WebAssembly is missing', () => {
  it('says so, and a detector input letterboxes on the JS reference', async () => {
    const { kernelBackend, createLetterboxInput, letterboxReference } = await withoutWebAssembly();
    expect(kernelBackend()).toEqual({ name: 'js', fallbackReason: 'WebAssembly is not available' });
    const input = createLetterboxInput(48, 40);
    for (const seed of [3, 4]) {
      const image = randomImage(90, 70, seed);
      const written = input.write(image, SCRFD_PIXELS);
      expect(written.tensor.data).toEqual(letterboxReference(image, 48, 40, SCRFD_PIXELS).tensor.data);
    }
  });
});
