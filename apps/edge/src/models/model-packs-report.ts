import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { BUILTIN_PACKS, KNOWN_MODELS, sha256Hex, type ModelPack } from '@attendance/vision';

export interface PackFileStatus {
  readonly role: 'detector' | 'recognizer' | 'liveness';
  readonly file: string;
  readonly path: string;
  readonly present: boolean;
  /** Known model name (recognised by sha256), 'unknown' for an unrecognised file, null when not hashed. */
  readonly identified: string | null;
}

/** Where a pack's files live: the models dir for local packs, the download cache for remote ones. */
export function packDirectory(pack: ModelPack, modelsDir: string, cacheDir: string): string {
  return pack.source === 'local' ? modelsDir : path.join(cacheDir, pack.name);
}

/** Presence (and, with `hash`, sha256 identification) of each file of a pack. */
export async function inspectPack(
  pack: ModelPack,
  dirs: { modelsDir: string; cacheDir: string },
  hash: boolean,
): Promise<PackFileStatus[]> {
  const dir = packDirectory(pack, dirs.modelsDir, dirs.cacheDir);
  const files: { role: PackFileStatus['role']; file: string }[] = [
    { role: 'detector', file: pack.detector },
    { role: 'recognizer', file: pack.recognizer },
    ...(pack.source === 'local' && pack.liveness
      ? pack.liveness.map((file) => ({ role: 'liveness' as const, file }))
      : []),
  ];
  return Promise.all(
    files.map(async ({ role, file }) => {
      const full = path.join(dir, file);
      const present = await stat(full).then(
        (info) => info.isFile(),
        () => false,
      );
      let identified: string | null = null;
      if (present && hash) {
        const digest = await sha256Hex(new Uint8Array(await readFile(full)));
        identified =
          KNOWN_MODELS[digest]?.name ??
          (pack.source === 'remote' ? 'insightface (zip CRC verified)' : 'unknown');
      }
      return { role, file, path: full, present, identified };
    }),
  );
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

export const PACK_NAMES = Object.keys(BUILTIN_PACKS) as (keyof typeof BUILTIN_PACKS)[];
