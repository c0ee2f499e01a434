/**
 * @module The edge's settings as a zod schema over their raw strings, keyed by environment variable (the
 * flag, when given, has already replaced the variable's value): one place for ranges, defaults and messages.
 */
import { CAMERA_ID_PATTERN, LIVENESS_MODES } from '@attendance/protocol';
import {
  DEFAULT_LIVENESS_THRESHOLD,
  DEFAULT_MIN_LIVENESS_FACE,
  GRAPH_OPTIMIZATION_LEVELS,
  type GraphOptimizationLevel,
} from '@attendance/vision';
import { z } from 'zod';

const integerIn = (min: number, max: number) =>
  z
    .string()
    .refine(
      (raw) => {
        const value = Number(raw);
        return raw.trim() !== '' && Number.isInteger(value) && value >= min && value <= max;
      },
      `must be an integer in ${String(min)}..${String(max)}`,
    )
    .transform(Number);

export const numberIn = (min: number, max: number) =>
  z
    .string()
    .refine(
      (raw) => {
        const value = Number(raw);
        return raw.trim() !== '' && value >= min && value <= max;
      },
      `must be a number in ${String(min)}..${String(max)}`,
    )
    .transform(Number);

const oneOf = <T extends string>(values: readonly [T, ...T[]]) =>
  z.enum(values, { error: `must be ${values.slice(0, -1).join(', ')} or ${values.at(-1) ?? ''}` });

const httpUrl = z.string().transform((raw, ctx) => {
  try {
    const url = new URL(raw);
    if (url.protocol === 'http:' || url.protocol === 'https:') return url.toString().replace(/\/+$/, '');
  } catch {
    // reported below
  }
  ctx.addIssue({ code: 'custom', message: 'must be an http(s) URL' });
  return z.NEVER;
});

export const edgeSettingsSchema = z.object({
  SERVER_URL: httpUrl,
  API_KEY: z.string().optional(),
  CAMERA_ID: z
    .string()
    .regex(CAMERA_ID_PATTERN, 'must be 1–64 of A-Z a-z 0-9 . _ : - (starting alphanumeric)')
    .default('entrance-1'),
  CAMERA_SOURCE: z.string().optional(),
  CAMERA_INDEX: integerIn(0, 63).optional(),
  MODELS_DIR: z.string().optional(),
  MODEL_PACK: z.string().optional(),
  DETECTOR: z.string().optional(),
  RECOGNIZER: z.string().optional(),
  EDGE_DATA_DIR: z.string().optional(),
  EXECUTION_PROVIDER: oneOf(['cpu', 'cuda']).default('cpu'),
  DET_SIZE: integerIn(64, 2048)
    .refine((size) => size % 32 === 0, 'must be a multiple of 32')
    .default(320),
  ORT_THREADS: integerIn(1, 256).optional(),
  ORT_GRAPH_OPTIMIZATION: oneOf(['auto', ...GRAPH_OPTIMIZATION_LEVELS] as [
    GraphOptimizationLevel | 'auto',
    ...GraphOptimizationLevel[],
  ]).default('auto'),
  REQUEST_TIMEOUT_MS: integerIn(100, 600_000).default(5000),
  LIVENESS_MODE: oneOf(LIVENESS_MODES).default('off'),
  LIVENESS_THRESHOLD: numberIn(0, 1).default(DEFAULT_LIVENESS_THRESHOLD),
  LIVENESS_MIN_FACE: integerIn(1, 4096).default(DEFAULT_MIN_LIVENESS_FACE),
  FFMPEG_PATH: z.string().default('ffmpeg'),
  FFPROBE_PATH: z.string().default('ffprobe'),
});

export type EdgeSettingName = keyof typeof edgeSettingsSchema.shape;
export type RawEdgeSettings = Partial<Record<EdgeSettingName, string>>;
