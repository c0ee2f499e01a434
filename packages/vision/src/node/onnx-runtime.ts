/**
 * The only importer of `onnxruntime-node`. Maps our provider option to execution providers, chooses
 * session settings per model on this machine (see {@link chooseSettings}) and adapts ORT sessions to the
 * core's {@link InferenceRuntime}.
 * @module
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { availableParallelism, cpus } from 'node:os';
import * as ort from 'onnxruntime-node';
import type {
  InferenceRuntime,
  ModelSession,
  ModelSource,
  SessionHints,
  TensorF32,
} from '../runtime/inference-runtime.js';
import { OrtModelSession } from '../runtime/ort-model-session.js';
import {
  candidateSettings,
  chooseSettings,
  type GraphOptimizationLevel,
  type SessionSettings,
  type SettingsCache,
  type TimedCandidate,
  type TunedSettings,
} from '../runtime/session-tuning.js';
import { timedCandidate } from './session-timing.js';

export type NodeProvider = 'cpu' | 'cuda';

export interface NodeRuntimeOptions {
  /** `'cuda'` tries the CUDA execution provider and falls back to CPU (one log line). Default `'cpu'`. */
  provider?: NodeProvider;
  /** Intra-op threads per session; forces the thread count (otherwise chosen by timing). */
  threads?: number;
  /** Forces the graph optimisation level; `'auto'` (default) chooses by timing. */
  graphOptimization?: GraphOptimizationLevel | 'auto';
  /** Where chosen settings are remembered; null: measure on every load. */
  settingsCache?: SettingsCache | null;
  /** The timing source of one candidate (tests stub it); default: `session.run` on a synthetic input. */
  timer?: (session: ort.InferenceSession, settings: SessionSettings, dynamicSize: number) => TimedCandidate;
  /** Where the CUDA fallback notice goes (default `console.warn`). */
  log?: (line: string) => void;
}

/** Used when timing is impossible (and for CUDA, where the layout question does not arise). */
export const DEFAULT_SESSION_SETTINGS: Omit<SessionSettings, 'intraOpNumThreads'> = {
  graphOptimizationLevel: 'all',
};

// ORT severity 3 = error: hides the harmless "VerifyOutputSizes" warnings SCRFD emits at sizes other than 640.
const LOG_SEVERITY_ERROR = 3;
/** Spatial size used to time models with dynamic height and width when the caller gives none. */
const DEFAULT_DYNAMIC_SIZE = 320;

/** CPU model name as the OS reports it (part of the settings cache key). */
export function cpuModel(): string {
  return cpus()[0]?.model.trim() ?? 'unknown CPU';
}

export function onnxRuntimeVersion(): string {
  return ort.env.versions.node ?? ort.env.versions.common;
}

export function createNodeRuntime(options: NodeRuntimeOptions = {}): InferenceRuntime {
  ort.env.logLevel = 'error';
  const log = options.log ?? ((line: string) => console.warn(line));
  const timer = options.timer ?? ((session, _settings, size) => timedCandidate(session, makeTensor, size));
  let provider: NodeProvider = options.provider ?? 'cpu';
  const sessionOptions = (
    p: NodeProvider,
    settings: SessionSettings,
  ): ort.InferenceSession.SessionOptions => ({
    executionProviders: [p],
    logSeverityLevel: LOG_SEVERITY_ERROR,
    graphOptimizationLevel: settings.graphOptimizationLevel,
    intraOpNumThreads: settings.intraOpNumThreads,
    interOpNumThreads: 1,
  });
  const cores = availableParallelism();
  const forcedLevel = options.graphOptimization === 'auto' ? undefined : options.graphOptimization;
  const defaults: SessionSettings = {
    graphOptimizationLevel: forcedLevel ?? DEFAULT_SESSION_SETTINGS.graphOptimizationLevel,
    intraOpNumThreads: options.threads ?? cores,
  };

  const tune = async (model: ModelSource, hints: SessionHints): Promise<TunedSettings> => {
    const candidates = candidateSettings(cores, {
      graphOptimizationLevel: forcedLevel,
      intraOpNumThreads: options.threads,
    });
    const size = hints.dynamicSize ?? DEFAULT_DYNAMIC_SIZE;
    const bytes = typeof model === 'string' ? await readFile(model) : model;
    const sha = createHash('sha256').update(bytes).digest('hex');
    const signature = candidates.map((c) => `${c.graphOptimizationLevel}/${c.intraOpNumThreads}`).join(',');
    return chooseSettings({
      candidates,
      defaults,
      cache: options.settingsCache ?? undefined,
      cacheKey: [sha, cpuModel(), `onnxruntime-node ${onnxRuntimeVersion()}`, `size ${size}`, signature].join(
        ' | ',
      ),
      open: async (settings) => {
        const session = await createOrtSession(bytes, sessionOptions('cpu', settings));
        try {
          return timer(session, settings, size);
        } catch (error) {
          await session.release();
          throw error;
        }
      },
    });
  };

  const create = async (model: ModelSource, hints: SessionHints): Promise<ModelSession> => {
    if (provider === 'cuda') {
      try {
        const tuned: TunedSettings = { settings: defaults, source: 'forced', timings: [] };
        return new OrtModelSession(
          await createOrtSession(model, sessionOptions('cuda', defaults)),
          toOrtTensor,
          tuned,
        );
      } catch (error) {
        provider = 'cpu';
        log(`[vision] CUDA execution provider unavailable (${firstLine(error)}); falling back to CPU`);
      }
    }
    const tuned = await tune(model, hints);
    return new OrtModelSession(
      await createOrtSession(model, sessionOptions('cpu', tuned.settings)),
      toOrtTensor,
      tuned,
    );
  };
  return {
    get name() {
      return `onnxruntime-node ${onnxRuntimeVersion()} (${provider})`;
    },
    createSession: (model, hints = {}) => create(model, hints),
  };
}

function createOrtSession(model: ModelSource, options: ort.InferenceSession.SessionOptions) {
  return typeof model === 'string'
    ? ort.InferenceSession.create(model, options)
    : ort.InferenceSession.create(model, options);
}

function firstLine(error: unknown): string {
  return String(error instanceof Error ? error.message : error).split('\n')[0] ?? '';
}

function makeTensor(dims: number[], data: Float32Array): ort.Tensor {
  return new ort.Tensor('float32', data, dims);
}

function toOrtTensor(tensor: TensorF32): ort.Tensor {
  return new ort.Tensor('float32', tensor.data, [...tensor.dims]);
}
