import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BUILTIN_PACKS, DEFAULT_PACK, type LocalPack, type ModelPack } from '@attendance/models';
import { resolveModelsDir } from '@attendance/models/models-dir';
import { z } from 'zod';
import { invalidTrustedProxies, parseTrustedProxies } from './local-access.js';
import { parseAllowedOrigins } from '../access/origin-policy.js';

const flag = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no', 'on', 'off'])
  .default('false')
  .transform((v) => ['1', 'true', 'yes', 'on'].includes(v));
const onnxFile = z.preprocess(
  (value) => (value === '' ? undefined : value),
  z
    .string()
    .regex(/^[A-Za-z0-9._-]+\.onnx$/, 'an .onnx file name inside MODELS_DIR')
    .optional(),
);
/** `dir/file.onnx,dir/other.onnx`: files inside MODELS_DIR (one sub-directory level, no `..`). */
const onnxFileList = z
  .string()
  .transform((raw) =>
    raw
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  )
  .pipe(
    z.array(z.string().regex(/^([A-Za-z0-9_-][A-Za-z0-9._-]*\/)?[A-Za-z0-9_-][A-Za-z0-9._-]*\.onnx$/)).max(4),
  );

/** Packs whose files sit in MODELS_DIR (the browser pipeline reads them from there). */
const LOCAL_PACKS: readonly LocalPack[] = Object.values<ModelPack>(BUILTIN_PACKS).filter(
  (pack): pack is LocalPack => pack.source === 'local',
);
const modelPack = z
  .preprocess((value) => (value === '' ? undefined : value), z.string().default(DEFAULT_PACK))
  .transform((name, ctx) => {
    const pack = LOCAL_PACKS.find((candidate) => candidate.name === name);
    if (!pack) {
      ctx.addIssue({
        code: 'custom',
        message:
          `"${name}" is not a pack the dashboard and kiosk can run; choose one of ` +
          `${LOCAL_PACKS.map((p) => p.name).join(', ')} (or name files with UI_DETECTOR_MODEL / UI_RECOGNIZER_MODEL)`,
      });
      return z.NEVER;
    }
    return pack;
  });

/** Built dashboard, relative to this file: apps/server/src/ui → apps/web/dist. */
const DEFAULT_WEB_DIST = fileURLToPath(new URL('../../../web/dist', import.meta.url));

/** Environment variables of the dashboard and kiosk; merged into the server's config schema. */
export const uiEnvShape = {
  /** `true` lets other machines open /ui and /kiosk (login still required; cookies become Secure). */
  REMOTE_DASHBOARD: flag,
  /**
   * Addresses of reverse proxies whose `X-Forwarded-For` / `X-Real-IP` the local-only dashboard rule believes,
   * comma-separated. Empty (default): any forwarding header makes a request remote.
   */
  TRUST_PROXY: z
    .string()
    .default('')
    .refine((raw) => invalidTrustedProxies(raw).length === 0, 'comma-separated IP addresses of proxies'),
  /** Extra origins allowed to open live sockets and send mutating requests, comma-separated. */
  ALLOWED_ORIGINS: z.string().default(''),
  /**
   * Model files of the whole system (relative: to the directory the server was started from); default:
   * the per-user model cache that `attendance models download` fills.
   */
  MODELS_DIR: z.string().optional(),
  /** The model pack every part uses: the dashboard and kiosk load it, edges must run the same recognizer. */
  MODEL_PACK: modelPack,
  WEB_DIST_DIR: z.string().min(1).default(DEFAULT_WEB_DIST),
  /** Overrides of MODEL_PACK's detector / recognizer for the browser pipeline (files inside MODELS_DIR). */
  UI_DETECTOR_MODEL: onnxFile,
  UI_RECOGNIZER_MODEL: onnxFile,
  /** Passive-liveness models of the kiosk (default: the pack's MiniFASNet pair); empty = no passive liveness. */
  UI_LIVENESS_MODELS: onnxFileList.optional(),
  UI_SESSION_HOURS: z.coerce
    .number()
    .min(0.1)
    .max(24 * 30)
    .default(12),
  /** A session unused this long ends, even before UI_SESSION_HOURS. */
  UI_SESSION_IDLE_MINUTES: z.coerce
    .number()
    .min(2)
    .max(60 * 24 * 30)
    .default(60),
  /** log2 of scrypt's N for new password hashes (17 = OWASP's floor; each step doubles time and memory). */
  PASSWORD_HASH_COST: z.coerce.number().int().min(12).max(20).default(17),
};

export interface UiConfig {
  remoteDashboard: boolean;
  /** Proxies whose forwarding headers name the real client (TRUST_PROXY). */
  trustedProxies: string[];
  allowedOrigins: string[];
  modelsDir: string;
  webDistDir: string;
  /** MODEL_PACK, or `custom` when UI_DETECTOR_MODEL / UI_RECOGNIZER_MODEL replace its files. */
  pack: string;
  /** The recognizer's model id when it is the pack's own file (known before the file is read), else null. */
  packModelId: string | null;
  /** Model files the browser pipeline loads (names inside `modelsDir`). */
  browserModels: { detector: string; recognizer: string; liveness: string[] };
  sessionTtlMs: number;
  sessionIdleMs: number;
  passwordHashCost: number;
}

type UiEnv = z.infer<z.ZodObject<typeof uiEnvShape>>;

/**
 * `baseDir`: where relative paths (MODELS_DIR) start, the directory the user started the server from.
 * `env` supplies XDG_CACHE_HOME for the default models directory.
 */
export function toUiConfig(
  env: UiEnv,
  baseDir: string = process.cwd(),
  rawEnv: Readonly<Record<string, string | undefined>> = process.env,
): UiConfig {
  const pack = env.MODEL_PACK;
  const custom = env.UI_DETECTOR_MODEL !== undefined || env.UI_RECOGNIZER_MODEL !== undefined;
  const recognizer = env.UI_RECOGNIZER_MODEL ?? pack.recognizer;
  return {
    remoteDashboard: env.REMOTE_DASHBOARD,
    trustedProxies: parseTrustedProxies(env.TRUST_PROXY),
    allowedOrigins: parseAllowedOrigins(env.ALLOWED_ORIGINS),
    modelsDir: resolveModelsDir(env.MODELS_DIR, baseDir, rawEnv),
    webDistDir: path.resolve(env.WEB_DIST_DIR),
    pack: custom ? 'custom' : pack.name,
    packModelId: recognizer === pack.recognizer ? pack.recognizerModelId : null,
    browserModels: {
      detector: env.UI_DETECTOR_MODEL ?? pack.detector,
      recognizer,
      liveness: env.UI_LIVENESS_MODELS ?? [...(pack.liveness ?? [])],
    },
    sessionTtlMs: env.UI_SESSION_HOURS * 3_600_000,
    sessionIdleMs: env.UI_SESSION_IDLE_MINUTES * 60_000,
    passwordHashCost: env.PASSWORD_HASH_COST,
  };
}

/** For tests and composition roots that skip env parsing. */
export const uiConfigFrom = (env: Partial<Record<keyof typeof uiEnvShape, string>>): UiConfig =>
  toUiConfig(z.object(uiEnvShape).parse(env), process.cwd(), env);
