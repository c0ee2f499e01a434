import { readFile } from 'node:fs/promises';
import { basename, isAbsolute, join } from 'node:path';
import type { ModelBytes } from '../create-pipeline.js';
import { specFromManifest } from '@attendance/models';
import type { ModelSpec } from '@attendance/models';

async function readJsonIfPresent(path: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as unknown;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new Error(`cannot read ${path}: ${(error as Error).message}`, { cause: error });
  }
}

/** Resolves a model path: absolute, or relative to the models directory. */
export function modelPath(file: string, modelsDir: string): string {
  return isAbsolute(file) ? file : join(modelsDir, file);
}

/**
 * Reads a model file plus its optional manifest `<file>.json`. `fallbackSpec` (from flags or a pack)
 * applies when there is no manifest; known files are otherwise recognised by sha256 later.
 */
export async function readModelFile(path: string, fallbackSpec?: ModelSpec): Promise<ModelBytes> {
  const [bytes, manifest] = await Promise.all([
    readFile(path).catch((error: unknown) => {
      throw new Error(`model file ${path} not found or unreadable (set MODELS_DIR or pass modelsDir)`, {
        cause: error,
      });
    }),
    readJsonIfPresent(`${path}.json`),
  ]);
  const spec = manifest === undefined ? fallbackSpec : specFromManifest(manifest, `${path}.json`);
  return {
    bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length),
    source: basename(path),
    spec,
  };
}

/** A local pack directory's `pack.json`: `{ "detector": "file.onnx", "recognizer": "file.onnx" }`. */
export async function readPackDirectory(
  dir: string,
): Promise<{ detector: string; recognizer: string } | undefined> {
  const json = (await readJsonIfPresent(join(dir, 'pack.json'))) as
    { detector?: unknown; recognizer?: unknown } | undefined;
  if (json === undefined) return undefined;
  if (typeof json.detector !== 'string' || typeof json.recognizer !== 'string') {
    throw new Error(`${join(dir, 'pack.json')} needs string fields "detector" and "recognizer"`);
  }
  return { detector: json.detector, recognizer: json.recognizer };
}
