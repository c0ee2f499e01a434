import { stat } from 'node:fs/promises';
import path from 'node:path';
import {
  BUILTIN_PACKS,
  DEFAULT_PACK,
  KNOWN_MODELS,
  insightfaceRecognizer,
  recognizerModelId,
  type ModelPack,
  type PackFileSource,
  type RecognizerSpec,
} from '@attendance/vision';
import { sha256OfFile } from '@attendance/vision/node';

export interface PackFileStatus {
  readonly role: PackFileSource['role'];
  readonly file: string;
  readonly path: string;
  readonly present: boolean;
  /** The pack works without it (liveness). */
  readonly optional: boolean;
  /** Publisher, place and licence of the file. */
  readonly origin: string;
  /** `attendance models download` can fetch (and if needed convert) it. */
  readonly downloadable: boolean;
  /** Known model name (recognised by sha256), 'unknown' for an unrecognised file, null when not hashed. */
  readonly identified: string | null;
}

/** Where a pack's files live: the models dir for local packs, the download cache for remote ones. */
export function packDirectory(pack: ModelPack, modelsDir: string, cacheDir: string): string {
  return pack.source === 'local' ? modelsDir : path.join(cacheDir, pack.name);
}

const NO_SOURCE = 'no official download source: copy the file into the models directory';

/** Every file of a pack with where it comes from. */
export function packFiles(pack: ModelPack): Omit<PackFileStatus, 'path' | 'present' | 'identified'>[] {
  if (pack.source === 'remote') {
    return [
      { role: 'detector', file: pack.detector },
      { role: 'recognizer', file: pack.recognizer },
    ].map((f) => ({
      ...f,
      role: f.role as PackFileSource['role'],
      optional: false,
      origin: `InsightFace release ${pack.url} (zip), non-commercial research only`,
      downloadable: true,
    }));
  }
  if (pack.sources) {
    return pack.sources.map((s) => ({
      role: s.role,
      file: s.file,
      optional: s.optional ?? false,
      origin: s.origin,
      downloadable: s.source.kind !== 'manual',
    }));
  }
  return [
    { role: 'detector' as const, file: pack.detector, optional: false },
    { role: 'recognizer' as const, file: pack.recognizer, optional: false },
    ...(pack.liveness ?? []).map((file) => ({ role: 'liveness' as const, file, optional: true })),
  ].map((f) => ({ ...f, origin: NO_SOURCE, downloadable: false }));
}

/** Presence (and, with `hash`, sha256 identification) of each file of a pack. */
export async function inspectPack(
  pack: ModelPack,
  dirs: { modelsDir: string; cacheDir: string },
  hash: boolean,
): Promise<PackFileStatus[]> {
  const dir = packDirectory(pack, dirs.modelsDir, dirs.cacheDir);
  return Promise.all(
    packFiles(pack).map(async (file) => {
      const full = path.join(dir, file.file);
      const present = await stat(full).then(
        (info) => info.isFile(),
        () => false,
      );
      let identified: string | null = null;
      if (present && hash) {
        const digest = await sha256OfFile(full);
        identified =
          KNOWN_MODELS[digest]?.name ??
          (pack.source === 'remote' ? 'insightface (zip CRC verified)' : 'unknown');
      }
      return { ...file, path: full, present, identified };
    }),
  );
}

/** The recognizer spec behind a pack (for its threshold and whether that threshold was calibrated here). */
export function packRecognizer(pack: ModelPack): RecognizerSpec | undefined {
  if (pack.source === 'remote') return insightfaceRecognizer(path.basename(pack.recognizer, '.onnx'));
  for (const [sha256, spec] of Object.entries(KNOWN_MODELS)) {
    if (spec.kind === 'recognizer' && recognizerModelId(spec, sha256) === pack.recognizerModelId) return spec;
  }
  return undefined;
}

/** "calibrated" or "uncalibrated" with the threshold and where it comes from. */
export function calibrationLine(pack: ModelPack): string {
  const spec = packRecognizer(pack);
  if (!spec) return 'threshold: unknown recognizer';
  if (pack.source === 'remote') {
    return `threshold: ${spec.defaultThreshold} UNCALIBRATED (the original system's cut-off; calibrate before production use)`;
  }
  return spec.calibrated === false
    ? `threshold: ${spec.defaultThreshold} UNCALIBRATED (the publisher's figure, not measured here; calibrate before production use)`
    : `threshold: ${spec.defaultThreshold} calibrated on lfw-dev photos`;
}

/** Whether `attendance models download` can fetch the pack, and what remains manual. */
export function downloadLine(pack: ModelPack): string {
  const files = packFiles(pack);
  const manual = files.filter((f) => !f.downloadable);
  if (manual.length === files.length) return 'downloadable: no (no official download source)';
  const rest = manual.length
    ? `; by hand: ${manual.map((f) => `${f.file}${f.optional ? ' (optional)' : ''}`).join(', ')}`
    : '';
  return `downloadable: yes (attendance models download ${pack.name})${rest}`;
}

/** The lines `attendance models list` prints about a pack's licensing. */
export function licenceLines(pack: ModelPack): string[] {
  return [
    `licence: ${pack.licence}`,
    pack.licenceClean
      ? 'licence-clean: yes (MIT / Apache-2.0 weights; recommended for deployments at work)'
      : 'licence-clean: no (check the licences above before any commercial use)',
  ];
}

/** "ready", "ready (optional … not installed)" or "missing …", from the files' presence. */
export function presenceLine(files: readonly PackFileStatus[]): string {
  const missing = files.filter((f) => !f.present && !f.optional).map((f) => f.file);
  const optional = files.filter((f) => !f.present && f.optional).map((f) => f.file);
  if (missing.length > 0) return `present: no (missing ${missing.join(', ')})`;
  return optional.length > 0
    ? `present: yes (optional not installed: ${optional.join(', ')}; liveness stays off)`
    : 'present: yes';
}

export const PACK_NAMES = Object.keys(BUILTIN_PACKS) as (keyof typeof BUILTIN_PACKS)[];

export { DEFAULT_PACK };
