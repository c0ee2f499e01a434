/**
 * @module The edge's configuration: flags > environment > `.env`, parsed once into a frozen object.
 * This module and `environment.ts` are the only places that know environment variable names.
 */
import path from 'node:path';
import { CAMERA_ID_PATTERN, LIVENESS_MODES, type LivenessMode } from '@attendance/protocol';
import {
  DEFAULT_LIVENESS_THRESHOLD,
  DEFAULT_MIN_LIVENESS_FACE,
  DEFAULT_PACK,
  GRAPH_OPTIMIZATION_LEVELS,
  type GraphOptimizationLevel,
  type QualityThresholds,
} from '@attendance/vision';
import { defaultModelsDir } from '@attendance/models/models-dir';
import { EdgeError } from '../errors.js';
import { QUALITY_FLAG_OPTIONS, QUALITY_FLAGS_HELP, resolveQualityThresholds } from './quality-settings.js';

export type ExecutionProvider = 'cpu' | 'cuda';

export interface EdgeConfig {
  /** Base URL of the server, without a trailing slash (`http://127.0.0.1:8000`). */
  readonly serverUrl: string;
  readonly apiKey: string | null;
  readonly cameraId: string;
  /** ffmpeg/device source for `camera` and `register --camera` (`/dev/video0`, `rtsp://…`, a file). */
  readonly cameraSource: string | null;
  readonly modelsDir: string;
  /** Model pack: a built-in name (`faceplugin-512`, `open-256`, `buffalo_l`, …) or a pack directory. */
  readonly pack: string | null;
  readonly detector: string | null;
  readonly recognizer: string | null;
  /** Offline queue and other local state. */
  readonly dataDir: string;
  readonly provider: ExecutionProvider;
  /** Detector input size in pixels (320 is the CPU default, 640 suits a GPU). */
  readonly detSize: number;
  /** Forces ONNX Runtime's intra-op threads (null: chosen per model by timing, see `graphOptimization`). */
  readonly threads: number | null;
  /** ONNX Runtime graph optimisation level: `auto` times `all` and `extended` per model and machine. */
  readonly graphOptimization: GraphOptimizationLevel | 'auto';
  readonly requestTimeoutMs: number;
  /** ffmpeg / ffprobe executables (FFMPEG_PATH / FFPROBE_PATH; default from PATH). */
  readonly ffmpegPath: string;
  readonly ffprobePath: string;
  /** Passive anti-spoofing in the camera agent: off (default), warn or enforce. */
  readonly livenessMode: LivenessMode;
  /** Averaged P(real) at or above which a track is real (0–1). */
  readonly livenessThreshold: number;
  /** Faces narrower than this (pixels) get no liveness decision: "come closer". */
  readonly livenessMinFace: number;
  /** Quality thresholds set by flag or environment (the rest keep the vision defaults). */
  readonly quality: Readonly<Partial<QualityThresholds>>;
}

/** Flags shared by every subcommand, as `node:util` parseArgs options. */
export const CONFIG_FLAG_OPTIONS = {
  server: { type: 'string' },
  'api-key': { type: 'string' },
  'camera-id': { type: 'string' },
  source: { type: 'string' },
  'models-dir': { type: 'string' },
  pack: { type: 'string' },
  detector: { type: 'string' },
  recognizer: { type: 'string' },
  'data-dir': { type: 'string' },
  provider: { type: 'string' },
  'det-size': { type: 'string' },
  threads: { type: 'string' },
  'ort-optimization': { type: 'string' },
  timeout: { type: 'string' },
  'env-file': { type: 'string' },
  liveness: { type: 'string' },
  'liveness-threshold': { type: 'string' },
  'liveness-min-face': { type: 'string' },
  ...QUALITY_FLAG_OPTIONS,
} as const;

export type ConfigFlags = Partial<Record<keyof typeof CONFIG_FLAG_OPTIONS, string | undefined>>;

/** Help text for the shared flags, with the environment variable each one overrides. */
export const CONFIG_FLAGS_HELP = `Configuration (flag / environment variable):
  --server URL          SERVER_URL (or SERVER_IP + SERVER_PORT)   default http://127.0.0.1:8000
  --api-key KEY         API_KEY
  --camera-id ID        CAMERA_ID                                  default entrance-1
  --source SRC          CAMERA_SOURCE (or CAMERA_INDEX → /dev/videoN)
  --models-dir DIR      MODELS_DIR                                 default ~/.cache/smart-attendance/models
  --pack NAME|DIR       MODEL_PACK                                 default ${DEFAULT_PACK}
  --detector FILE       DETECTOR   (file name in the models dir, or a path)
  --recognizer FILE     RECOGNIZER
  --data-dir DIR        EDGE_DATA_DIR                              default ./data/edge
  --provider cpu|cuda   EXECUTION_PROVIDER                         default cpu
  --det-size N          DET_SIZE                                   default 320
  --threads N           ORT_THREADS (forces it; default chosen per model by timing)
  --ort-optimization L  ORT_GRAPH_OPTIMIZATION: auto|all|extended|basic|disabled  default auto
  --timeout MS          REQUEST_TIMEOUT_MS                         default 5000
  --liveness MODE       LIVENESS_MODE: off|warn|enforce (camera)    default off
  --liveness-threshold  LIVENESS_THRESHOLD: min averaged score 0–1  default ${DEFAULT_LIVENESS_THRESHOLD}
  --liveness-min-face   LIVENESS_MIN_FACE: min face width (px)      default ${DEFAULT_MIN_LIVENESS_FACE}
  (FFMPEG_PATH, FFPROBE_PATH: ffmpeg executables, default from PATH)
  --env-file FILE       .env file to read                          default ./.env
${QUALITY_FLAGS_HELP}`;

type Env = Readonly<Record<string, string | undefined>>;

/**
 * Resolves the configuration. Pure: reads only its arguments. Every invalid value is reported in one
 * {@link EdgeError} with exit code `config`.
 */
export function resolveEdgeConfig(flags: ConfigFlags, env: Env, cwd: string): EdgeConfig {
  const problems: string[] = [];
  const pick = (flag: keyof ConfigFlags, ...names: string[]): string | undefined => {
    const fromFlag = flags[flag];
    if (fromFlag !== undefined && fromFlag !== '') return fromFlag;
    for (const name of names) {
      const value = env[name];
      if (value !== undefined && value !== '') return value;
    }
    return undefined;
  };
  const integer = (label: string, raw: string | undefined, min: number, max: number) => {
    if (raw === undefined) return undefined;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      problems.push(`${label} must be an integer in ${min}..${max} (got "${raw}")`);
      return undefined;
    }
    return value;
  };

  const serverUrl = resolveServerUrl(pick('server', 'SERVER_URL'), env, problems);
  const cameraId = pick('camera-id', 'CAMERA_ID') ?? 'entrance-1';
  if (!CAMERA_ID_PATTERN.test(cameraId)) {
    problems.push(`CAMERA_ID "${cameraId}" must be 1–64 of A-Z a-z 0-9 . _ : - (starting alphanumeric)`);
  }
  const provider = pick('provider', 'EXECUTION_PROVIDER') ?? 'cpu';
  if (provider !== 'cpu' && provider !== 'cuda') {
    problems.push(`EXECUTION_PROVIDER must be cpu or cuda (got "${provider}")`);
  }
  const detSize = integer('DET_SIZE', pick('det-size', 'DET_SIZE'), 64, 2048) ?? 320;
  if (detSize % 32 !== 0) problems.push(`DET_SIZE must be a multiple of 32 (got ${detSize})`);
  const threads = integer('ORT_THREADS', pick('threads', 'ORT_THREADS'), 1, 256) ?? null;
  const graphOptimization = pick('ort-optimization', 'ORT_GRAPH_OPTIMIZATION') ?? 'auto';
  if (
    graphOptimization !== 'auto' &&
    !(GRAPH_OPTIMIZATION_LEVELS as readonly string[]).includes(graphOptimization)
  ) {
    problems.push(
      `ORT_GRAPH_OPTIMIZATION must be auto, ${GRAPH_OPTIMIZATION_LEVELS.join(', ')} (got "${graphOptimization}")`,
    );
  }
  const requestTimeoutMs =
    integer('REQUEST_TIMEOUT_MS', pick('timeout', 'REQUEST_TIMEOUT_MS'), 100, 600_000) ?? 5000;
  const cameraIndex = integer('CAMERA_INDEX', env['CAMERA_INDEX'], 0, 63);
  const livenessMode = pick('liveness', 'LIVENESS_MODE') ?? 'off';
  if (!(LIVENESS_MODES as readonly string[]).includes(livenessMode)) {
    problems.push(`LIVENESS_MODE must be off, warn or enforce (got "${livenessMode}")`);
  }
  const rawThreshold = pick('liveness-threshold', 'LIVENESS_THRESHOLD');
  const livenessThreshold = rawThreshold === undefined ? DEFAULT_LIVENESS_THRESHOLD : Number(rawThreshold);
  if (!(livenessThreshold >= 0 && livenessThreshold <= 1)) {
    problems.push(`LIVENESS_THRESHOLD must be a number in 0..1 (got "${rawThreshold}")`);
  }
  const livenessMinFace =
    integer('LIVENESS_MIN_FACE', pick('liveness-min-face', 'LIVENESS_MIN_FACE'), 1, 4096) ??
    DEFAULT_MIN_LIVENESS_FACE;
  const quality = resolveQualityThresholds(pick, problems);
  const cameraSource =
    pick('source', 'CAMERA_SOURCE') ?? (cameraIndex === undefined ? null : `/dev/video${cameraIndex}`);

  if (problems.length > 0) {
    throw new EdgeError('config', `invalid configuration:\n  - ${problems.join('\n  - ')}`);
  }
  const dir = (value: string | undefined, fallback: string) =>
    value === undefined ? fallback : path.resolve(cwd, value);
  return Object.freeze({
    serverUrl,
    apiKey: pick('api-key', 'API_KEY') ?? null,
    cameraId,
    cameraSource,
    modelsDir: dir(pick('models-dir', 'MODELS_DIR'), defaultModelsDir(env)),
    pack: pick('pack', 'MODEL_PACK') ?? null,
    detector: pick('detector', 'DETECTOR') ?? null,
    recognizer: pick('recognizer', 'RECOGNIZER') ?? null,
    dataDir: dir(pick('data-dir', 'EDGE_DATA_DIR'), path.resolve(cwd, 'data/edge')),
    provider: provider as ExecutionProvider,
    detSize,
    threads,
    graphOptimization: graphOptimization as GraphOptimizationLevel | 'auto',
    requestTimeoutMs,
    ffmpegPath: env['FFMPEG_PATH'] ?? 'ffmpeg',
    ffprobePath: env['FFPROBE_PATH'] ?? 'ffprobe',
    livenessMode: livenessMode as LivenessMode,
    livenessThreshold,
    livenessMinFace,
    quality,
  });
}

function resolveServerUrl(explicit: string | undefined, env: Env, problems: string[]): string {
  const host = env['SERVER_IP'];
  const port = env['SERVER_PORT'];
  const raw =
    explicit ??
    (host !== undefined || port !== undefined
      ? `http://${host ?? '127.0.0.1'}:${port ?? '8000'}`
      : 'http://127.0.0.1:8000');
  try {
    const url = new URL(raw);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('scheme');
    return url.toString().replace(/\/+$/, '');
  } catch {
    problems.push(`SERVER_URL must be an http(s) URL (got "${raw}")`);
    return raw;
  }
}

/** Throws a config error unless an API key is configured. */
export function requireApiKey(config: EdgeConfig): string {
  if (config.apiKey === null) {
    throw new EdgeError('config', 'no API key: set API_KEY (or pass --api-key)');
  }
  return config.apiKey;
}
