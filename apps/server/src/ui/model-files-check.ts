import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { KNOWN_MODELS, modelIdOf, specFromManifest, type ModelSpec } from '@attendance/models';
import type { UiConfig } from './ui-config.js';

type Role = ModelSpec['kind'];

/** One configured model file as found in MODELS_DIR. */
export interface ModelFileState {
  role: Role;
  /** Name inside MODELS_DIR, as configured. */
  file: string;
  present: boolean;
  /** What the file is (model name from its hash or manifest), or null when missing or not a model we know. */
  identified: string | null;
  /** Why this file cannot be used, or null. */
  problem: string | null;
}

type FilesState = 'ok' | 'missing' | 'wrong';

/**
 * The model configuration and whether its files can be served. `missing`: the detector or recognizer is
 * not in MODELS_DIR; `wrong`: one is there but is not the model its role needs (unknown hash, no manifest,
 * other kind). The liveness pair is optional (installed by hand): its state is `liveness`, `none` when the
 * configuration names no liveness files.
 */
export interface ModelFilesStatus {
  status: FilesState;
  liveness: FilesState | 'none';
  pack: string;
  modelsDir: string;
  /** The recognizer every part must use: read from its file when usable, else the pack's own, else null. */
  model: { id: string; dim: number | null } | null;
  files: ModelFileState[];
  /** One sentence naming the files at fault, or null when ok. */
  problem: string | null;
  /** What to run or set to fix it, or null when ok. */
  fix: string | null;
}

interface Identified {
  spec: ModelSpec;
  sha256: string;
}

async function sha256Of(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

async function manifestSpec(file: string): Promise<ModelSpec | undefined> {
  const text = await readFile(`${file}.json`, 'utf8').catch(() => undefined);
  return text === undefined ? undefined : specFromManifest(JSON.parse(text), `${file}.json`);
}

/**
 * Checks the configured model files in MODELS_DIR: present, and the model their role needs (by sha256, as
 * the pipelines identify them, or by a `<file>.json` manifest). Hashes are remembered per file size and
 * modification time, so asking again (the Status page, each kiosk) costs a `stat` per file.
 */
export class ModelFilesCheck {
  readonly #hashes = new Map<
    string,
    { key: string; identified: Identified | null; problem: string | null }
  >();

  constructor(private readonly ui: UiConfig) {}

  async status(): Promise<ModelFilesStatus> {
    const { detector, recognizer, liveness } = this.ui.browserModels;
    const wanted: [Role, string][] = [
      ['detector', detector],
      ['recognizer', recognizer],
      ...liveness.map((file): [Role, string] => ['liveness', file]),
    ];
    const results = await Promise.all(wanted.map(([role, file]) => this.inspect(role, file)));
    const files = results.map((result) => result.state);
    const stateOf = (group: readonly ModelFileState[]): FilesState =>
      group.some((file) => !file.present)
        ? 'missing'
        : group.some((file) => file.problem !== null)
          ? 'wrong'
          : 'ok';
    const core = files.filter((file) => file.role !== 'liveness');
    const livenessFiles = files.filter((file) => file.role === 'liveness');
    const missing = core.filter((file) => !file.present);
    const wrong = core.filter((file) => file.present && file.problem !== null);
    const recognizerResult = results[1]?.identified;
    const model =
      recognizerResult && recognizerResult.spec.kind === 'recognizer'
        ? {
            id: modelIdOf(recognizerResult.spec.name, recognizerResult.sha256),
            dim: recognizerResult.spec.dim,
          }
        : this.ui.packModelId
          ? { id: this.ui.packModelId, dim: null }
          : null;
    const status = stateOf(core);
    return {
      status,
      liveness: livenessFiles.length === 0 ? 'none' : stateOf(livenessFiles),
      pack: this.ui.pack,
      modelsDir: this.ui.modelsDir,
      model,
      files,
      problem: describeProblem(this.ui.modelsDir, missing, wrong),
      fix: status === 'ok' ? null : fixFor(this.ui.pack),
    };
  }

  private async inspect(
    role: Role,
    file: string,
  ): Promise<{ state: ModelFileState; identified: Identified | null }> {
    const full = path.join(this.ui.modelsDir, file);
    const info = await stat(full).catch(() => null);
    if (!info?.isFile()) {
      return {
        state: { role, file, present: false, identified: null, problem: 'missing' },
        identified: null,
      };
    }
    const key = `${info.size}:${info.mtimeMs}`;
    let cached = this.#hashes.get(full);
    if (cached?.key !== key) {
      cached = { key, ...(await identify(full, role)) };
      this.#hashes.set(full, cached);
    }
    return {
      state: {
        role,
        file,
        present: true,
        identified: cached.identified?.spec.name ?? null,
        problem: cached.problem,
      },
      identified: cached.identified,
    };
  }
}

async function identify(
  file: string,
  role: Role,
): Promise<{ identified: Identified | null; problem: string | null }> {
  try {
    const [sha256, manifest] = await Promise.all([sha256Of(file), manifestSpec(file)]);
    const spec = manifest ?? KNOWN_MODELS[sha256];
    if (!spec) {
      return {
        identified: null,
        problem: `not a known model (sha256 ${sha256.slice(0, 12)}…) and no ${path.basename(file)}.json manifest`,
      };
    }
    if (spec.kind !== role) return { identified: null, problem: `a ${spec.kind} model, not a ${role}` };
    return { identified: { spec, sha256 }, problem: null };
  } catch (error) {
    return { identified: null, problem: `unreadable: ${(error as Error).message}` };
  }
}

function describeProblem(
  modelsDir: string,
  missing: readonly ModelFileState[],
  wrong: readonly ModelFileState[],
): string | null {
  const parts: string[] = [];
  if (missing.length > 0) {
    parts.push(`missing from ${modelsDir}: ${missing.map((file) => file.file).join(', ')}`);
  }
  for (const file of wrong) parts.push(`${file.file} is ${file.problem ?? 'unusable'}`);
  return parts.length > 0 ? `Face model files ${parts.join('; ')}` : null;
}

/** The command that puts a pack's files in place, or the setting that points at them. */
export function fixFor(pack: string): string {
  const download =
    pack === 'custom'
      ? 'put the files named by UI_DETECTOR_MODEL / UI_RECOGNIZER_MODEL there'
      : `run \`npx attendance models download ${pack}\` on this server`;
  return `${download}, or set MODELS_DIR to the directory that holds them and restart the server`;
}
