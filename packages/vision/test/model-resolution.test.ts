import { copyFile, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KNOWN_MODELS, sha256Hex } from '../src/index.js';
import { resolveModelSpec } from '@attendance/models';
import { loadNodePipeline } from '../src/node/index.js';
import { MODELS_DIR } from './paths.fixture.js';

describe('model files', () => {
  let scratch: string;
  beforeAll(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'vision-models-'));
  });
  afterAll(() => rm(scratch, { recursive: true, force: true }));

  it('knows every face model in the shared models directory by sha256', async () => {
    const files = (await readdir(MODELS_DIR)).filter((f) => f.endsWith('.onnx'));
    expect(files.length).toBeGreaterThanOrEqual(6);
    for (const file of files) {
      const spec = KNOWN_MODELS[await sha256Hex(await readFile(join(MODELS_DIR, file)))];
      expect(spec, file).toBeDefined();
    }
  });

  it('explains what to do with an unknown file', () => {
    expect(() =>
      resolveModelSpec({ role: 'recognizer', sha256: '00'.repeat(32), source: 'mine.onnx' }),
    ).toThrow(/manifest \(mine\.onnx\.json\)/);
    const yunet = 'ebafce4e3c118d6554634be5c27ab333b4c047a9a8c3faf1d7cf93101c22f0f0';
    expect(() => resolveModelSpec({ role: 'recognizer', sha256: yunet, source: 'y.onnx' })).toThrow(
      /detector model/,
    );
  });

  it('uses a manifest beside a file and validates it', async () => {
    const copy = join(scratch, 'my-recognizer.onnx');
    await copyFile(join(MODELS_DIR, 'mobilefacenet_128d.onnx'), copy);
    await writeFile(
      `${copy}.json`,
      JSON.stringify({ kind: 'recognizer', name: 'custom-128', dim: 128, defaultThreshold: 0.5 }),
    );
    const pipeline = await loadNodePipeline({ modelsDir: MODELS_DIR, recognizer: copy, threads: 1 });
    try {
      expect(pipeline.modelId).toBe('custom-128@e72a5710');
      expect(pipeline.defaultThreshold).toBe(0.5);
    } finally {
      await pipeline.dispose();
    }
    await writeFile(
      `${copy}.json`,
      JSON.stringify({ kind: 'recognizer', name: 'custom-128', dim: 64, defaultThreshold: 0.5 }),
    );
    await expect(loadNodePipeline({ modelsDir: MODELS_DIR, recognizer: copy })).rejects.toThrow(
      /spec says 64/,
    );
    await writeFile(`${copy}.json`, JSON.stringify({ kind: 'recognizer', dim: 'x' }));
    await expect(loadNodePipeline({ modelsDir: MODELS_DIR, recognizer: copy })).rejects.toThrow(
      /invalid model manifest/,
    );
  });

  it('falls back to CPU with one log line when CUDA is unavailable', async () => {
    const lines: string[] = [];
    const pipeline = await loadNodePipeline({
      modelsDir: MODELS_DIR,
      provider: 'cuda',
      threads: 1,
      log: (l) => lines.push(l),
    });
    await pipeline.dispose();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/CUDA execution provider unavailable.*falling back to CPU/);
  });

  it('names the built-in packs it cannot find', async () => {
    await expect(loadNodePipeline({ pack: 'no-such-pack' })).rejects.toThrow(/unknown pack no-such-pack/);
  });
});
