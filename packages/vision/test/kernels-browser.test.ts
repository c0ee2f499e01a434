import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium, type BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { letterbox } from '../src/image/letterbox.js';
import { warpAffine } from '../src/align/warp-affine.js';
import { kernelBackend } from '../src/wasm/kernels.js';
import { SCRFD_PIXELS } from '@attendance/models';

// The kiosk runs the core in Chromium's main thread: the kernels must load there too (synchronous compile,
// no asset fetch), and give the same tensor and aligned face as in Node.
const ENTRY = `
  import { letterbox } from './src/image/letterbox.ts';
  import { warpAffine } from './src/align/warp-affine.ts';
  import { kernelBackend } from './src/wasm/kernels.ts';
  import { SCRFD_PIXELS } from '../models/src/pixel-normalization.ts';
  globalThis.kernelCheck = (width, height, bytes, transform) => {
    const image = { width, height, data: Uint8Array.from(bytes) };
    return {
      backend: kernelBackend(),
      tensor: Array.from(letterbox(image, 64, 64, SCRFD_PIXELS).tensor.data),
      aligned: Array.from(warpAffine(image, transform, 32, 32).data),
    };
  };
`;
/** Rotated, scaled and shifted so the aligned crop has interior and border pixels. */
const TRANSFORM = [0.9, -0.3, 4.5, 0.3, 0.9, -2.25] as const;

const image = {
  width: 91,
  height: 37,
  data: Uint8Array.from({ length: 91 * 37 * 3 }, (_, i) => (i * 97) % 256),
};

let context: BrowserContext;
let profile: string;

beforeAll(async () => {
  profile = mkdtempSync(join(tmpdir(), 'vision-kernels-chromium-'));
  context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--no-first-run',
    ],
  });
});

afterAll(async () => {
  await context?.close();
  rmSync(profile, { recursive: true, force: true });
});

describe('WASM kernels in Chromium (main thread, as in the kiosk)', () => {
  it('load without falling back and give the same letterbox and warp as Node', async () => {
    const bundle = await build({
      stdin: { contents: ENTRY, resolveDir: fileURLToPath(new URL('..', import.meta.url)), loader: 'ts' },
      bundle: true,
      format: 'iife',
      write: false,
      logLevel: 'silent',
    });
    const page = await context.newPage();
    await page.setContent('<!doctype html><title>kernels</title>');
    await page.addScriptTag({ content: bundle.outputFiles[0]?.text ?? '' });
    const result = await page.evaluate(
      ([width, height, bytes, transform]) =>
        (
          globalThis as unknown as {
            kernelCheck(
              w: number,
              h: number,
              b: number[],
              t: readonly number[],
            ): { backend: unknown; tensor: number[]; aligned: number[] };
          }
        ).kernelCheck(width, height, bytes, transform),
      [image.width, image.height, Array.from(image.data), TRANSFORM] as const,
    );
    expect(result.backend).toEqual({ name: 'wasm-simd' });
    expect(kernelBackend()).toEqual({ name: 'wasm-simd' });
    expect(result.tensor).toEqual(Array.from(letterbox(image, 64, 64, SCRFD_PIXELS).tensor.data));
    expect(result.aligned).toEqual(Array.from(warpAffine(image, TRANSFORM, 32, 32).data));
  });
});
