import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { invalidTrustedProxies, parseTrustedProxies } from './local-access.js';
import { parseAllowedOrigins } from './origin-policy.js';

const flag = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no', 'on', 'off'])
  .default('false')
  .transform((v) => ['1', 'true', 'yes', 'on'].includes(v));
const onnxFile = z.string().regex(/^[A-Za-z0-9._-]+\.onnx$/, 'an .onnx file name inside MODELS_DIR');
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
  MODELS_DIR: z.string().min(1).default('./models'),
  WEB_DIST_DIR: z.string().min(1).default(DEFAULT_WEB_DIST),
  UI_DETECTOR_MODEL: onnxFile.default('det_500m.onnx'),
  UI_RECOGNIZER_MODEL: onnxFile.default('faceplugin_fr_feature_512d.onnx'),
  /** Passive-liveness models of the kiosk (the MiniFASNet pair); empty = kiosk without passive liveness. */
  UI_LIVENESS_MODELS: onnxFileList.default([
    'antispoof/2.7_80x80_MiniFASNetV2.onnx',
    'antispoof/4_0_0_80x80_MiniFASNetV1SE.onnx',
  ]),
  UI_SESSION_HOURS: z.coerce
    .number()
    .min(0.1)
    .max(24 * 30)
    .default(12),
};

export interface UiConfig {
  remoteDashboard: boolean;
  /** Proxies whose forwarding headers name the real client (TRUST_PROXY). */
  trustedProxies: string[];
  allowedOrigins: string[];
  modelsDir: string;
  webDistDir: string;
  /** Model files the browser pipeline loads (names inside `modelsDir`). */
  browserModels: { detector: string; recognizer: string; liveness: string[] };
  sessionTtlMs: number;
}

type UiEnv = z.infer<z.ZodObject<typeof uiEnvShape>>;

export function toUiConfig(env: UiEnv): UiConfig {
  return {
    remoteDashboard: env.REMOTE_DASHBOARD,
    trustedProxies: parseTrustedProxies(env.TRUST_PROXY),
    allowedOrigins: parseAllowedOrigins(env.ALLOWED_ORIGINS),
    modelsDir: path.resolve(env.MODELS_DIR),
    webDistDir: path.resolve(env.WEB_DIST_DIR),
    browserModels: {
      detector: env.UI_DETECTOR_MODEL,
      recognizer: env.UI_RECOGNIZER_MODEL,
      liveness: env.UI_LIVENESS_MODELS,
    },
    sessionTtlMs: env.UI_SESSION_HOURS * 3_600_000,
  };
}

/** For tests and composition roots that skip env parsing. */
export const uiConfigFrom = (env: Partial<Record<keyof typeof uiEnvShape, string>>): UiConfig =>
  toUiConfig(z.object(uiEnvShape).parse(env));
