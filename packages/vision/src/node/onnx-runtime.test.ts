import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { InferenceSession } from 'onnxruntime-node';
import { afterAll, describe, expect, it } from 'vitest';
import type { SessionSettings } from '../runtime/session-tuning.js';
import { createNodeRuntime } from './onnx-runtime.js';
import { SettingsCacheFile } from './settings-cache-file.js';
import { MODELS_DIR } from '../../test/paths.fixture.js';

const model = path.join(MODELS_DIR, 'mobilefacenet_128d.onnx');
const dir = mkdtempSync(path.join(tmpdir(), 'ort-settings-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Stubbed timing: `extended` is 3× faster than `all`, as faceplugin-512 is on some Intel CPUs. */
function stubbedTimer(fail = false) {
  const timed: SessionSettings[] = [];
  return {
    timed,
    timer: (session: InferenceSession, settings: SessionSettings) => {
      timed.push(settings);
      return {
        run: () =>
          fail
            ? Promise.reject(new Error('timer unavailable'))
            : Promise.resolve(settings.graphOptimizationLevel === 'extended' ? 15 : 46),
        release: () => session.release(),
      };
    },
  };
}

describe('ONNX Runtime settings chosen per model on this machine', () => {
  it('opens the session with the fastest candidate, remembers it in the cache file, and reuses it', async () => {
    const file = path.join(dir, 'nested', 'settings.json');
    const timer = stubbedTimer();
    const first = await createNodeRuntime({
      settingsCache: new SettingsCacheFile(file),
      timer: timer.timer,
    }).createSession(model);
    expect(first.tuning?.source).toBe('measured');
    expect(first.tuning?.settings.graphOptimizationLevel).toBe('extended');
    expect(timer.timed.length).toBeGreaterThanOrEqual(2);
    // The session really runs under the chosen settings.
    const input = new Float32Array(3 * 112 * 112).fill(0.1);
    const output = await first.run({ input: { data: input, dims: [1, 3, 112, 112] } });
    expect(output['output']?.data).toHaveLength(128);
    await first.release();

    const cached = JSON.parse(readFileSync(file, 'utf8')) as { entries: Record<string, unknown> };
    const [key] = Object.keys(cached.entries);
    expect(key).toMatch(
      /^e72a5710[0-9a-f]{56} \| .+ \| onnxruntime-node \d+\.\d+\.\d+ \| size 320 \| all\/\d/,
    );

    const again = stubbedTimer();
    const second = await createNodeRuntime({
      settingsCache: new SettingsCacheFile(file),
      timer: again.timer,
    }).createSession(model);
    expect(second.tuning?.source).toBe('cached');
    expect(second.tuning?.settings).toEqual(first.tuning?.settings);
    expect(again.timed).toEqual([]);
    await second.release();
  });

  it('falls back to the defaults when timing fails, and to an empty cache when the file is corrupt', async () => {
    const file = path.join(dir, 'corrupt.json');
    writeFileSync(file, '{ not json');
    const session = await createNodeRuntime({
      settingsCache: new SettingsCacheFile(file),
      threads: 2,
      timer: stubbedTimer(true).timer,
    }).createSession(model);
    expect(session.tuning).toMatchObject({
      source: 'default',
      settings: { graphOptimizationLevel: 'all', intraOpNumThreads: 2 },
    });
    expect(session.tuning?.note).toContain('timer unavailable');
    await session.release();
  });

  it('uses forced settings without timing, and times for real when nothing is stubbed', async () => {
    const timer = stubbedTimer();
    const forced = await createNodeRuntime({
      threads: 1,
      graphOptimization: 'extended',
      timer: timer.timer,
    }).createSession(model);
    expect(forced.tuning).toEqual({
      settings: { graphOptimizationLevel: 'extended', intraOpNumThreads: 1 },
      source: 'forced',
      timings: [],
    });
    expect(timer.timed).toEqual([]);
    await forced.release();

    const measured = await createNodeRuntime({ threads: 1 }).createSession(model);
    expect(measured.tuning?.source).toBe('measured');
    for (const timing of measured.tuning?.timings ?? []) expect(timing.ms).toBeGreaterThan(0);
    await measured.release();
  });
});
