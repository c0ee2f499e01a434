import { describe, expect, it } from 'vitest';
import {
  candidateSettings,
  chooseSettings,
  describeTuning,
  type SessionSettings,
  type SettingsCache,
  type TunedSettings,
} from './session-tuning.js';

const all2: SessionSettings = { graphOptimizationLevel: 'all', intraOpNumThreads: 2 };
const extended2: SessionSettings = { graphOptimizationLevel: 'extended', intraOpNumThreads: 2 };

/** A stubbed timing source: ms per run by level (an Error: opening fails), and what was opened. */
function stubbedTimer(msByLevel: Partial<Record<string, number | Error>>) {
  const timed: SessionSettings[] = [];
  const released: SessionSettings[] = [];
  const open = (settings: SessionSettings) => {
    timed.push(settings);
    const ms = msByLevel[settings.graphOptimizationLevel];
    if (ms instanceof Error || ms === undefined) return Promise.reject(ms ?? new Error('not stubbed'));
    return Promise.resolve({
      run: () => Promise.resolve(ms),
      release: () => {
        released.push(settings);
        return Promise.resolve();
      },
    });
  };
  return { timed, released, open };
}

function memoryCache(): SettingsCache & { entries: Map<string, TunedSettings> } {
  const entries = new Map<string, TunedSettings>();
  return {
    entries,
    get: (key) => Promise.resolve(entries.get(key)),
    set: (key, value) => {
      entries.set(key, value);
      return Promise.resolve();
    },
  };
}

describe(candidateSettings.name, () => {
  it('tries all and extended with every core and half of them, minus what configuration forced', () => {
    expect(candidateSettings(2).map((c) => `${c.graphOptimizationLevel}/${c.intraOpNumThreads}`)).toEqual([
      'all/2',
      'all/1',
      'extended/2',
      'extended/1',
    ]);
    expect(candidateSettings(1)).toHaveLength(2);
    expect(candidateSettings(8, { graphOptimizationLevel: 'extended' })).toEqual([
      { graphOptimizationLevel: 'extended', intraOpNumThreads: 8 },
      { graphOptimizationLevel: 'extended', intraOpNumThreads: 4 },
    ]);
    expect(candidateSettings(8, { graphOptimizationLevel: 'basic', intraOpNumThreads: 3 })).toEqual([
      { graphOptimizationLevel: 'basic', intraOpNumThreads: 3 },
    ]);
  });
});

describe(chooseSettings.name, () => {
  it('picks the faster of two settings on a stubbed timing source', async () => {
    for (const [allMs, expected] of [
      [46, extended2],
      [2.5, all2],
    ] as const) {
      const timer = stubbedTimer({ all: allMs, extended: 15.5 });
      const tuned = await chooseSettings({
        candidates: [all2, extended2],
        defaults: all2,
        open: timer.open,
        cacheKey: 'k',
      });
      expect(tuned.settings).toEqual(expected);
      expect(tuned.source).toBe('measured');
      expect(timer.timed).toEqual([all2, extended2]);
      expect(timer.released).toEqual([all2, extended2]);
      expect(tuned.timings.map((t) => t.ms)).toEqual([allMs, 15.5]);
    }
  });

  it('keeps the candidates that could be timed, and falls back to the defaults when none could', async () => {
    const partly = await chooseSettings({
      candidates: [all2, extended2],
      defaults: all2,
      open: stubbedTimer({ all: new Error('session failed'), extended: 9 }).open,
      cacheKey: 'k',
    });
    expect(partly.settings).toEqual(extended2);
    expect(partly.timings).toEqual([
      { settings: all2, ms: null },
      { settings: extended2, ms: 9 },
    ]);

    const cache = memoryCache();
    const defaults = { graphOptimizationLevel: 'all', intraOpNumThreads: 4 } as const;
    const failed = await chooseSettings({
      candidates: [all2, extended2],
      defaults,
      open: stubbedTimer({ all: new Error('out of memory'), extended: Number.NaN }).open,
      cache,
      cacheKey: 'k',
    });
    expect(failed).toMatchObject({ settings: defaults, source: 'default' });
    expect(failed.note).toContain('out of memory');
    expect(describeTuning(failed)).toBe('all, 4 threads (default: timing failed (out of memory))');
    expect(cache.entries.size).toBe(0); // a failure is not remembered: the next load tries again
  });

  it('measures on first load only: the second load is a cache hit, a different key measures again', async () => {
    const cache = memoryCache();
    const timer = stubbedTimer({ all: 46, extended: 15.5 });
    const options = { candidates: [all2, extended2], defaults: all2, open: timer.open, cache };
    const first = await chooseSettings({ ...options, cacheKey: 'model-a | cpu | ort' });
    const second = await chooseSettings({ ...options, cacheKey: 'model-a | cpu | ort' });
    expect(timer.timed).toHaveLength(2);
    expect(second).toEqual({ ...first, source: 'cached' });
    expect(describeTuning(second)).toBe('extended, 2 threads (cached: all/2 46.0 ms, extended/2 15.5 ms)');
    await chooseSettings({ ...options, cacheKey: 'model-b | cpu | ort' });
    expect(timer.timed).toHaveLength(4);
  });

  it('uses a forced setting without timing anything', async () => {
    const timer = stubbedTimer({});
    const tuned = await chooseSettings({
      candidates: [extended2],
      defaults: all2,
      open: timer.open,
      cacheKey: 'k',
    });
    expect(tuned).toEqual({ settings: extended2, source: 'forced', timings: [] });
    expect(timer.timed).toEqual([]);
  });
});
