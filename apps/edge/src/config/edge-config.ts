/**
 * @module The edge's configuration: flags > environment > `.env`, parsed once into a frozen object.
 * This module and `environment.ts` are the only places that know environment variable names.
 */
import path from 'node:path';
import type { LivenessMode } from '@attendance/protocol';
import {
  DEFAULT_LIVENESS_THRESHOLD,
  DEFAULT_MIN_LIVENESS_FACE,
  DEFAULT_PACK,
  type GraphOptimizationLevel,
  type QualityThresholds,
} from '@attendance/vision';
import { defaultModelsDir } from '@attendance/models/models-dir';
import { EdgeError } from '../errors.js';
import { edgeSettingsSchema, type EdgeSettingName, type RawEdgeSettings } from './edge-config-schema.js';
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

/** The flag that overrides each setting's environment variable (the few without one are read from env only). */
const FLAG_OF: Partial<Record<EdgeSettingName, keyof ConfigFlags>> = {
  SERVER_URL: 'server',
  API_KEY: 'api-key',
  CAMERA_ID: 'camera-id',
  CAMERA_SOURCE: 'source',
  MODELS_DIR: 'models-dir',
  MODEL_PACK: 'pack',
  DETECTOR: 'detector',
  RECOGNIZER: 'recognizer',
  EDGE_DATA_DIR: 'data-dir',
  EXECUTION_PROVIDER: 'provider',
  DET_SIZE: 'det-size',
  ORT_THREADS: 'threads',
  ORT_GRAPH_OPTIMIZATION: 'ort-optimization',
  REQUEST_TIMEOUT_MS: 'timeout',
  LIVENESS_MODE: 'liveness',
  LIVENESS_THRESHOLD: 'liveness-threshold',
  LIVENESS_MIN_FACE: 'liveness-min-face',
};

/**
 * Resolves the configuration: flags over environment, validated by {@link edgeSettingsSchema}. Pure: reads
 * only its arguments. Every invalid value is reported in one {@link EdgeError} with exit code `config`,
 * each line naming the flag and the variable.
 */
export function resolveEdgeConfig(flags: ConfigFlags, env: Env, cwd: string): EdgeConfig {
  const pick = (flag: keyof ConfigFlags | undefined, ...names: string[]): string | undefined => {
    const fromFlag = flag === undefined ? undefined : flags[flag];
    if (fromFlag !== undefined && fromFlag !== '') return fromFlag;
    for (const name of names) {
      const value = env[name];
      if (value !== undefined && value !== '') return value;
    }
    return undefined;
  };
  const raw: RawEdgeSettings = {};
  for (const name of Object.keys(edgeSettingsSchema.shape) as EdgeSettingName[]) {
    const value = pick(FLAG_OF[name], name);
    if (value !== undefined) raw[name] = value;
  }
  raw.SERVER_URL ??= serverUrlFromHostAndPort(env);

  const problems: string[] = [];
  const parsed = edgeSettingsSchema.safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const name = issue.path[0] as EdgeSettingName;
      const flag = FLAG_OF[name];
      problems.push(`${flag ? `--${flag} / ` : ''}${name} ${issue.message} (got "${raw[name] ?? ''}")`);
    }
  }
  const quality = resolveQualityThresholds(pick, problems);
  if (!parsed.success || problems.length > 0) {
    throw new EdgeError('config', `invalid configuration:\n  - ${problems.join('\n  - ')}`);
  }
  const settings = parsed.data;
  const dir = (value: string | undefined, fallback: string) =>
    value === undefined ? fallback : path.resolve(cwd, value);
  const cameraIndex = settings.CAMERA_INDEX;
  return Object.freeze({
    serverUrl: settings.SERVER_URL,
    apiKey: settings.API_KEY ?? null,
    cameraId: settings.CAMERA_ID,
    cameraSource:
      settings.CAMERA_SOURCE ?? (cameraIndex === undefined ? null : `/dev/video${String(cameraIndex)}`),
    modelsDir: dir(settings.MODELS_DIR, defaultModelsDir(env)),
    pack: settings.MODEL_PACK ?? null,
    detector: settings.DETECTOR ?? null,
    recognizer: settings.RECOGNIZER ?? null,
    dataDir: dir(settings.EDGE_DATA_DIR, path.resolve(cwd, 'data/edge')),
    provider: settings.EXECUTION_PROVIDER,
    detSize: settings.DET_SIZE,
    threads: settings.ORT_THREADS ?? null,
    graphOptimization: settings.ORT_GRAPH_OPTIMIZATION,
    requestTimeoutMs: settings.REQUEST_TIMEOUT_MS,
    ffmpegPath: settings.FFMPEG_PATH,
    ffprobePath: settings.FFPROBE_PATH,
    livenessMode: settings.LIVENESS_MODE,
    livenessThreshold: settings.LIVENESS_THRESHOLD,
    livenessMinFace: settings.LIVENESS_MIN_FACE,
    quality,
  });
}

/** The original's SERVER_IP + SERVER_PORT, when SERVER_URL and --server are not set. */
function serverUrlFromHostAndPort(env: Env): string {
  const host = env['SERVER_IP'];
  const port = env['SERVER_PORT'];
  return host !== undefined || port !== undefined
    ? `http://${host ?? '127.0.0.1'}:${port ?? '8000'}`
    : 'http://127.0.0.1:8000';
}

/** Throws a config error unless an API key is configured. */
export function requireApiKey(config: EdgeConfig): string {
  if (config.apiKey === null) {
    throw new EdgeError('config', 'no API key: set API_KEY (or pass --api-key)');
  }
  return config.apiKey;
}
