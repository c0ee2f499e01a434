/**
 * Chooses ONNX Runtime session settings per machine and model by timing them: the same model can be
 * several times faster under one graph optimisation level than another depending on the CPU (the NCHWc
 * layout of level `all` picks convolution kernels that are fast on some CPUs and slow on others), so no
 * fixed default is right everywhere. Free of Node APIs: the node entry supplies the timing and the cache.
 * @module
 */

export type GraphOptimizationLevel = 'disabled' | 'basic' | 'extended' | 'all';

export const GRAPH_OPTIMIZATION_LEVELS: readonly GraphOptimizationLevel[] = [
  'disabled',
  'basic',
  'extended',
  'all',
];

export interface SessionSettings {
  readonly graphOptimizationLevel: GraphOptimizationLevel;
  /** Intra-op threads of the session. */
  readonly intraOpNumThreads: number;
}

/** Settings a user fixed by configuration; the others are measured. */
export interface ForcedSettings {
  readonly graphOptimizationLevel?: GraphOptimizationLevel | undefined;
  readonly intraOpNumThreads?: number | undefined;
}

export interface CandidateTiming {
  readonly settings: SessionSettings;
  /** Median ms per run; null when this candidate could not be timed. */
  readonly ms: number | null;
}

export interface TunedSettings {
  readonly settings: SessionSettings;
  /**
   * `measured` now, `cached` from an earlier measurement on this machine, `forced` by configuration (one
   * candidate left), or `default` when no candidate could be timed.
   */
  readonly source: 'measured' | 'cached' | 'forced' | 'default';
  readonly timings: readonly CandidateTiming[];
  /** Why the defaults were used (`default` only). */
  readonly note?: string;
}

/** Remembers choices across runs (a JSON file under the user's cache directory on Node). */
export interface SettingsCache {
  get(key: string): Promise<TunedSettings | undefined>;
  set(key: string, value: TunedSettings): Promise<void>;
}

/**
 * The candidates: levels `all` and `extended` (the two that differ most by CPU), each with all cores and
 * with half of them (on a small shared machine fewer threads can win), minus what configuration forced.
 */
export function candidateSettings(cores: number, forced: ForcedSettings = {}): SessionSettings[] {
  const levels: GraphOptimizationLevel[] = forced.graphOptimizationLevel
    ? [forced.graphOptimizationLevel]
    : ['all', 'extended'];
  const all = Math.max(1, Math.floor(cores));
  const threadCounts = forced.intraOpNumThreads
    ? [forced.intraOpNumThreads]
    : [...new Set([all, Math.max(1, Math.floor(all / 2))])];
  return levels.flatMap((level) =>
    threadCounts.map((threads) => ({ graphOptimizationLevel: level, intraOpNumThreads: threads })),
  );
}

/** One line for logs: `all, 2 threads (measured: all/2 4.1 ms, extended/2 6.0 ms, …)`. */
export function describeTuning(tuned: TunedSettings): string {
  const { graphOptimizationLevel, intraOpNumThreads } = tuned.settings;
  const chosen = `${graphOptimizationLevel}, ${intraOpNumThreads} thread${intraOpNumThreads === 1 ? '' : 's'}`;
  const timed = tuned.timings
    .map(
      (t) =>
        `${t.settings.graphOptimizationLevel}/${t.settings.intraOpNumThreads} ${t.ms === null ? 'failed' : `${t.ms.toFixed(1)} ms`}`,
    )
    .join(', ');
  const detail = tuned.note
    ? `${tuned.source}: ${tuned.note}`
    : timed
      ? `${tuned.source}: ${timed}`
      : tuned.source;
  return `${chosen} (${detail})`;
}

/** A model opened under one candidate's settings, ready to be timed. */
export interface TimedCandidate {
  /** Runs the model once on a synthetic input; resolves with the milliseconds it took. */
  run(): Promise<number>;
  release(): Promise<void>;
}

export interface ChooseSettingsOptions {
  readonly candidates: readonly SessionSettings[];
  /** Used when nothing could be timed. */
  readonly defaults: SessionSettings;
  /** Opens the model under the settings; throws when it cannot run so. */
  readonly open: (settings: SessionSettings) => Promise<TimedCandidate>;
  readonly cache?: SettingsCache | undefined;
  /** Cache key: model hash, CPU model, runtime version and the candidate set. */
  readonly cacheKey: string;
  /** Untimed runs per candidate first (allocation, kernel selection); default 2. */
  readonly warmupRuns?: number;
  /** Timed rounds: at least 3, at most `maxRounds` (default 9) within `budgetMs` (default 2000). */
  readonly maxRounds?: number;
  readonly budgetMs?: number;
  readonly clock?: () => number;
}

/**
 * Times every candidate (or reads the earlier choice from the cache) and keeps the fastest. Candidates
 * are timed in rounds, one run of each per round, and compared by their median: on a machine shared
 * with other work, a burst of load then slows every candidate alike instead of whichever ran during it.
 */
export async function chooseSettings(options: ChooseSettingsOptions): Promise<TunedSettings> {
  const [only] = options.candidates;
  if (options.candidates.length === 1 && only) return { settings: only, source: 'forced', timings: [] };
  const cached = await options.cache?.get(options.cacheKey).catch(() => undefined);
  if (cached && options.candidates.some((c) => sameSettings(c, cached.settings))) {
    return { ...cached, source: 'cached' };
  }
  const failures: string[] = [];
  const opened = await Promise.all(
    options.candidates.map((settings) =>
      options.open(settings).catch((error: unknown) => {
        failures.push(firstLine(error));
        return null;
      }),
    ),
  );
  const samples: (number[] | null)[] = opened.map((candidate) => (candidate ? [] : null));
  try {
    const runAll = async (record: boolean) => {
      for (const [index, candidate] of opened.entries()) {
        if (!candidate || samples[index] === null) continue;
        try {
          const ms = await candidate.run();
          if (!Number.isFinite(ms) || ms < 0) throw new Error(`unusable timing ${ms}`);
          if (record) samples[index]?.push(ms);
        } catch (error) {
          failures.push(firstLine(error));
          samples[index] = null;
        }
      }
    };
    for (let i = 0; i < (options.warmupRuns ?? 2); i++) await runAll(false);
    const clock = options.clock ?? (() => performance.now());
    const started = clock();
    const budget = options.budgetMs ?? 2000;
    for (let round = 0; round < (options.maxRounds ?? 9); round++) {
      if (round >= 3 && clock() - started > budget) break;
      await runAll(true);
    }
  } finally {
    await Promise.all(
      opened.map((candidate) => candidate?.release().catch(() => undefined) ?? Promise.resolve(undefined)),
    );
  }
  const timings: CandidateTiming[] = options.candidates.map((settings, index) => ({
    settings,
    ms: median(samples[index] ?? []),
  }));
  const fastest = timings
    .filter((t): t is CandidateTiming & { ms: number } => t.ms !== null)
    .sort((a, b) => a.ms - b.ms)[0];
  if (!fastest) {
    return {
      settings: options.defaults,
      source: 'default',
      timings,
      note: `timing failed (${failures[0] ?? 'no candidates'})`,
    };
  }
  const tuned: TunedSettings = { settings: fastest.settings, source: 'measured', timings };
  await options.cache?.set(options.cacheKey, tuned).catch(() => undefined);
  return tuned;
}

function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? null;
}

function firstLine(error: unknown): string {
  return String(error instanceof Error ? error.message : error).split('\n')[0] ?? '';
}

function sameSettings(a: SessionSettings, b: SessionSettings): boolean {
  return a.graphOptimizationLevel === b.graphOptimizationLevel && a.intraOpNumThreads === b.intraOpNumThreads;
}
