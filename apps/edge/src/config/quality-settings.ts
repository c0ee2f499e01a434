import {
  DEFAULT_QUALITY_THRESHOLDS,
  describeQualityFailure,
  type QualityCheck,
  type QualityFailure,
  type QualityThresholds,
} from '@attendance/vision';
import { numberIn } from './edge-config-schema.js';

interface QualitySetting {
  readonly key: keyof QualityThresholds;
  readonly flag: string;
  readonly env: string;
  readonly range: readonly [number, number];
  readonly meaning: string;
}

/** Every quality threshold a user can set: flag, environment variable and the check it governs. */
export const QUALITY_SETTINGS = {
  brightness: {
    key: 'minBrightness',
    flag: 'min-brightness',
    env: 'QUALITY_MIN_BRIGHTNESS',
    range: [0, 255],
    meaning: 'min mean gray of the face (0-255)',
  },
  face_width: {
    key: 'minFaceWidth',
    flag: 'min-face-width',
    env: 'QUALITY_MIN_FACE_WIDTH',
    range: [1, 4096],
    meaning: 'min face box width (px)',
  },
  score: {
    key: 'minScore',
    flag: 'min-face-score',
    env: 'QUALITY_MIN_FACE_SCORE',
    range: [0, 1],
    meaning: 'min detector score (0-1)',
  },
  blur: {
    key: 'minBlur',
    flag: 'min-sharpness',
    env: 'QUALITY_MIN_SHARPNESS',
    range: [0, 100_000],
    meaning: 'min Laplacian variance of the aligned face',
  },
  yaw: {
    key: 'maxYaw',
    flag: 'max-yaw',
    env: 'QUALITY_MAX_YAW',
    range: [0, 10],
    meaning: 'max |yaw| (0 frontal, ~0.35 at 45 deg)',
  },
  pitch: {
    key: 'maxPitch',
    flag: 'max-pitch',
    env: 'QUALITY_MAX_PITCH',
    range: [0, 10],
    meaning: 'max |pitch| (0 frontal)',
  },
} as const satisfies Partial<Record<QualityCheck, QualitySetting>>;

type QualityFlag = (typeof QUALITY_SETTINGS)[keyof typeof QUALITY_SETTINGS]['flag'];

/** The quality flags as `node:util` parseArgs options. */
export const QUALITY_FLAG_OPTIONS = Object.fromEntries(
  Object.values(QUALITY_SETTINGS).map((setting) => [setting.flag, { type: 'string' }]),
) as Record<QualityFlag, { type: 'string' }>;

export const QUALITY_FLAGS_HELP = `Quality checks (flag / environment variable; a refused photo or face names the one it failed):
${Object.values(QUALITY_SETTINGS)
  .map(
    (setting) =>
      `  --${setting.flag.padEnd(19)} ${setting.env.padEnd(23)} ${setting.meaning.padEnd(42)} ` +
      `default ${DEFAULT_QUALITY_THRESHOLDS[setting.key]}`,
  )
  .join('\n')}`;

/** The setting that governs a check (for refusal messages), if it can be set. */
export function qualitySettingOf(check: QualityCheck): QualitySetting | undefined {
  return (QUALITY_SETTINGS as Partial<Record<QualityCheck, QualitySetting>>)[check];
}

/**
 * A failed check in words with its measured value, its limit and the flag and variable that set the limit,
 * e.g. `too dark: face brightness 48 < minimum 60 (--min-brightness / QUALITY_MIN_BRIGHTNESS)`.
 */
export function explainQualityFailure(failure: QualityFailure): string {
  const setting = qualitySettingOf(failure.check);
  const text = describeQualityFailure(failure);
  return setting ? `${text} (--${setting.flag} / ${setting.env})` : text;
}

/** Reads each threshold from its flag or variable; invalid values are added to `problems`. */
export function resolveQualityThresholds(
  pick: (flag: QualityFlag, ...names: string[]) => string | undefined,
  problems: string[],
): Partial<QualityThresholds> {
  const thresholds: Partial<QualityThresholds> = {};
  for (const setting of Object.values(QUALITY_SETTINGS)) {
    const raw = pick(setting.flag, setting.env);
    if (raw === undefined) continue;
    const parsed = numberIn(setting.range[0], setting.range[1]).safeParse(raw);
    if (parsed.success) thresholds[setting.key] = parsed.data;
    else {
      problems.push(
        `--${setting.flag} / ${setting.env} ${parsed.error.issues[0]?.message ?? 'is invalid'} (got "${raw}")`,
      );
    }
  }
  return thresholds;
}
