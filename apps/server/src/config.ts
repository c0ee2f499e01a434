import { existsSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { isTimeZone, MODEL_ID_PATTERN } from '@attendance/protocol';
import {
  attendanceEnvShape,
  toAttendanceConfig,
  type AttendanceConfig,
} from './attendance/attendance-config.js';
import { cacheEnvShape, toCacheConfig, type CacheConfig } from './cache/cache-config.js';
import {
  integrationsEnvShape,
  toIntegrationsConfig,
  type IntegrationsConfig,
} from './integrations/integrations-config.js';
import { livenessEnvShape, toLivenessDefaults, type LivenessDefaults } from './liveness/liveness-config.js';
import { relayEnvShape, toRelayLimits, toRelayRedisUrl, type RelayLimits } from './relay/relay-config.js';
import { securityEnvShape, toSecurityConfig, type SecurityConfig } from './plugins/security-config.js';
import { oidcEnvShape, toOidcConfig, type OidcConfig } from './oidc/oidc-config.js';
import { toUiConfig, uiEnvShape, type UiConfig } from './ui/ui-config.js';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const emptyAsUndefined = (value: unknown) => (value === '' ? undefined : value);
const optionalString = z.preprocess(emptyAsUndefined, z.string().optional());
const similarity = z.coerce.number().min(-1).max(1);

/** `modelA=0.5,modelB=0.4` → per-model similarity thresholds. */
const modelThresholds = z
  .string()
  .default('')
  .transform((raw, ctx) => {
    const out: Record<string, number> = {};
    for (const pair of raw
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)) {
      const [model, value] = pair.split('=').map((s) => s.trim());
      const threshold = Number(value);
      if (!model || !MODEL_ID_PATTERN.test(model) || !Number.isFinite(threshold) || Math.abs(threshold) > 1) {
        ctx.addIssue({ code: 'custom', message: `bad entry "${pair}", expected model=similarity` });
        continue;
      }
      out[model] = threshold;
    }
    return out;
  });

/** SQLAlchemy's driver suffix (`postgresql+asyncpg://`, the original's form): the same server, another client. */
const DRIVER_SUFFIX = /^(postgres(?:ql)?)\+[a-z0-9_]+:\/\//i;

function normaliseDatabaseUrl(url: string | undefined, notices: string[]): string | undefined {
  const scheme = url?.match(DRIVER_SUFFIX)?.[0];
  if (url === undefined || scheme === undefined) return url;
  notices.push(`DATABASE_URL starts with ${scheme} (a Python driver's form): read as postgresql://`);
  return `postgresql://${url.slice(scheme.length)}`;
}

const envSchema = z.object({
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65_535).default(8000),
  DATABASE_URL: optionalString.pipe(z.url({ protocol: /^postgres(ql)?$/ }).optional()),
  DATA_DIR: z.string().min(1).default('./data'),
  DB_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(10),
  SIMILARITY_THRESHOLD: similarity.default(0.45),
  MODEL_THRESHOLDS: modelThresholds,
  DUPLICATE_THRESHOLD: z.preprocess(emptyAsUndefined, similarity.optional()),
  AMBIGUITY_MARGIN: z.coerce.number().min(0).max(1).default(0.02),
  API_KEY: z.preprocess(emptyAsUndefined, z.string().min(16, 'must be at least 16 characters').optional()),
  EMBEDDING_MODEL: z.string().regex(MODEL_ID_PATTERN).default('default-512'),
  EMBEDDING_DIM: z.coerce.number().int().min(1).max(2000).default(512),
  HNSW_M: z.coerce.number().int().min(2).max(100).optional(),
  HNSW_EF_CONSTRUCTION: z.coerce.number().int().min(4).max(1000).optional(),
  HNSW_EF_SEARCH: z.coerce.number().int().min(1).max(1000).optional(),
  HNSW_EF_SEARCH_FAST: z.coerce.number().int().min(1).max(1000).optional(),
  CLEAR_MATCH_MARGIN: z.coerce.number().min(0).max(2).default(0.1),
  MATCH_CANDIDATES: z.coerce.number().int().min(2).max(100).default(10),
  /** Body limit of POST /v1/people/bulk only (a batch of 1,000 people × 3 float16 faces is ~4.5 MB). */
  BULK_BODY_LIMIT_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(512 * 1024 * 1024)
    .default(32 * 1024 * 1024),
  /** Embedded PGlite: warn at startup above this many templates (identify gets slower than ~20 ms). */
  PGLITE_GALLERY_WARN_TEMPLATES: z.coerce.number().int().min(0).default(100_000),
  BODY_LIMIT_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(50 * 1024 * 1024)
    .default(256 * 1024),
  LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
  LOG_FILE: z.enum(['true', 'false']).default('true'),
  TZ: optionalString,
  ATTENDANCE_TIMEZONE: optionalString.refine(
    (zone) => zone === undefined || isTimeZone(zone),
    'unknown time zone',
  ),
  /** After SIGTERM/SIGINT: keep serving this long with /health/ready answering 503 (load balancers notice). */
  SHUTDOWN_DELAY_SECONDS: z.coerce.number().min(0).max(300).default(0),
  /** Then at most this long for in-flight requests to finish before the process exits anyway. */
  SHUTDOWN_TIMEOUT_SECONDS: z.coerce.number().min(1).max(600).default(10),
  /** PostgreSQL unreachable at startup: retry with exponential backoff (0.5 s, 1 s, 2 s, …) capped at this. */
  DB_RETRY_MAX_SECONDS: z.coerce.number().min(0.1).max(600).default(30),
  /** At most one "database unavailable" log line per this period (startup retries, outage summaries). */
  DB_UNAVAILABLE_LOG_SECONDS: z.coerce.number().min(0.1).max(3600).default(10),
  ...cacheEnvShape,
  ...relayEnvShape,
  ...uiEnvShape,
  ...oidcEnvShape,
  ...securityEnvShape,
  ...livenessEnvShape,
  ...attendanceEnvShape,
  ...integrationsEnvShape,
});

/** Every environment variable the server reads (documented in the root `.env.example`). */
export const CONFIG_VARIABLES: readonly string[] = Object.keys(envSchema.shape);

/** Validated, immutable server configuration. Built once by {@link loadConfig}. */
export interface Config {
  host: string;
  port: number;
  /** PostgreSQL connection string; `undefined` selects the embedded PGlite database under `dataDir`. */
  databaseUrl: string | undefined;
  dataDir: string;
  dbPoolSize: number;
  matching: {
    /** Cosine SIMILARITY in [-1, 1]: a match needs similarity ≥ threshold (higher = stricter). */
    threshold: number;
    perModelThreshold: Readonly<Record<string, number>>;
    duplicateThreshold: number;
    ambiguityMargin: number;
    candidates: number;
    /** Full HNSW breadth: enrollment's searches and identify's recheck. */
    efSearch: number;
    /** Identify's first search; an answer that is not a clear match is searched again at `efSearch`. */
    efSearchFast: number;
    /** A match at least this far above its threshold is clear: no recheck. */
    clearMatchMargin: number;
  };
  hnsw: { m: number; efConstruction: number };
  apiKey: string | undefined;
  defaultModel: { id: string; dim: number };
  /** The recorder's repeat window: {@link AttendanceConfig.repeatWindowMs}. */
  cooldownMs: number;
  bodyLimitBytes: number;
  bulkBodyLimitBytes: number;
  /** Startup warning threshold for the embedded database's gallery (templates). */
  pgliteGalleryWarnTemplates: number;
  logLevel: (typeof LOG_LEVELS)[number];
  logToFile: boolean;
  attendanceTimeZone: string;
  /** Day or rolling mode, and where a working day begins. */
  attendance: AttendanceConfig;
  cache: CacheConfig;
  /** Live relay connection and frame limits. */
  live: RelayLimits;
  /** Redis of the cross-instance relay bridge; undefined: live frames stay on this instance. */
  relayRedisUrl: string | undefined;
  /** Graceful shutdown: not-ready period, then the deadline for in-flight requests (milliseconds). */
  shutdown: { delayMs: number; timeoutMs: number };
  /** Database unreachable (startup or outage): backoff cap of startup retries, log throttle (milliseconds). */
  databaseUnavailable: { retryMaxMs: number; logIntervalMs: number };
  /** Dashboard/kiosk: remote access, allowed origins, browser models. */
  ui: UiConfig;
  /** OpenID Connect sign-in to the dashboard; null when OIDC_ISSUER is unset. */
  oidc: OidcConfig | null;
  /** Rate limits, HTTP timeouts and header limits, erasure default. */
  security: SecurityConfig;
  /** Liveness policy of cameras without their own. */
  liveness: LivenessDefaults;
  /** What configuration reading corrected or assumed (never secrets); logged once at startup. */
  notices: readonly string[];
  /** Webhooks (URL policy, delivery and retries) and the optional MQTT publisher. */
  integrations: IntegrationsConfig;
}

/** Every invalid variable, reported at once. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  ${problems.join('\n  ')}`);
    this.name = 'ConfigError';
  }
}

interface HnswDefaults {
  m: number;
  efConstruction: number;
  /** Identify's first search. */
  efSearchFast: number;
  /** Full breadth: identify's recheck of an uncertain answer, enrollment's duplicate check. */
  efSearch: number;
}

/**
 * HNSW defaults per database, from the scale benchmark (bench/RESULTS.md, docs/scale.md).
 *
 * PostgreSQL (graphs up to millions of templates): with m 16 the breadth that found every held-out real
 * photo at 1M varied from build to build up to 400, and a 400-wide recheck put identify's p99 above 15 ms.
 * m 24 found every real photo at 200 and answers a door's people at 32 (1M, 2 cores: p50 2.4 ms, p99
 * 11.9 ms server-side), for a build ~1.8× longer. ef_construction 200: at pgvector's default 64 some
 * people's templates were unreachable at any breadth.
 *
 * Embedded PGlite (small galleries, one WebAssembly thread that builds the index): m 16 and
 * ef_construction 64 already find every photo at the sizes it is meant for and build 3× faster.
 */
function hnswDefaults(postgres: boolean): HnswDefaults {
  return postgres
    ? { m: 24, efConstruction: 200, efSearchFast: 32, efSearch: 200 }
    : { m: 16, efConstruction: 64, efSearchFast: 64, efSearch: 200 };
}

/**
 * Pure: builds the config from an env-like record. Relative paths (DATA_DIR, MODELS_DIR) resolve against `baseDir`
 * (default: the working directory). Throws {@link ConfigError} listing every problem.
 */

export function loadConfig(
  env: Record<string, string | undefined>,
  options: { baseDir?: string } = {},
): Config {
  const notices: string[] = [];
  const parsed = envSchema.safeParse({
    ...env,
    DATABASE_URL: normaliseDatabaseUrl(env['DATABASE_URL'], notices),
  });
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  }
  const e = parsed.data;
  const oidc = toOidcConfig(e);
  if (oidc.problems.length > 0) throw new ConfigError(oidc.problems);
  const hnsw = hnswDefaults(e.DATABASE_URL !== undefined);
  const attendance = toAttendanceConfig(e);
  const timeZone = e.ATTENDANCE_TIMEZONE ?? (e.TZ && isTimeZone(e.TZ) ? e.TZ : 'UTC');
  return Object.freeze({
    host: e.HOST,
    port: e.PORT,
    databaseUrl: e.DATABASE_URL,
    dataDir: path.resolve(options.baseDir ?? process.cwd(), e.DATA_DIR),
    dbPoolSize: e.DB_POOL_SIZE,
    matching: {
      threshold: e.SIMILARITY_THRESHOLD,
      perModelThreshold: e.MODEL_THRESHOLDS,
      duplicateThreshold: e.DUPLICATE_THRESHOLD ?? e.SIMILARITY_THRESHOLD,
      ambiguityMargin: e.AMBIGUITY_MARGIN,
      candidates: e.MATCH_CANDIDATES,
      efSearch: e.HNSW_EF_SEARCH ?? hnsw.efSearch,
      efSearchFast: e.HNSW_EF_SEARCH_FAST ?? hnsw.efSearchFast,
      clearMatchMargin: e.CLEAR_MATCH_MARGIN,
    },
    hnsw: {
      m: e.HNSW_M ?? hnsw.m,
      efConstruction: e.HNSW_EF_CONSTRUCTION ?? hnsw.efConstruction,
    },
    apiKey: e.API_KEY,
    defaultModel: { id: e.EMBEDDING_MODEL, dim: e.EMBEDDING_DIM },
    cooldownMs: attendance.repeatWindowMs,
    bodyLimitBytes: e.BODY_LIMIT_BYTES,
    bulkBodyLimitBytes: e.BULK_BODY_LIMIT_BYTES,
    pgliteGalleryWarnTemplates: e.PGLITE_GALLERY_WARN_TEMPLATES,
    logLevel: e.LOG_LEVEL,
    logToFile: e.LOG_FILE === 'true',
    attendanceTimeZone: timeZone,
    attendance,
    cache: toCacheConfig(e),
    live: toRelayLimits(e),
    relayRedisUrl: toRelayRedisUrl(e),
    shutdown: { delayMs: e.SHUTDOWN_DELAY_SECONDS * 1000, timeoutMs: e.SHUTDOWN_TIMEOUT_SECONDS * 1000 },
    databaseUnavailable: {
      retryMaxMs: e.DB_RETRY_MAX_SECONDS * 1000,
      logIntervalMs: e.DB_UNAVAILABLE_LOG_SECONDS * 1000,
    },
    ui: toUiConfig(e, options.baseDir ?? process.cwd(), env),
    oidc: oidc.config,
    security: toSecurityConfig(e),
    liveness: toLivenessDefaults(e),
    notices,
    integrations: toIntegrationsConfig(e),
  });
}

/**
 * Reads `.env` (if present) into `process.env`, then parses it. The only reader of `process.env`.
 * `npm start` / `npm run migrate -w …` run inside apps/server, so the directory npm was invoked from
 * (INIT_CWD, normally the repository root) is where `.env` and a relative DATA_DIR or MODELS_DIR are looked up.
 */
export function loadConfigFromProcess(): Config {
  const baseDir = process.env.INIT_CWD ?? process.cwd();
  const envFile = path.join(baseDir, '.env');
  if (existsSync(envFile)) process.loadEnvFile(envFile);
  return loadConfig(process.env, { baseDir });
}
