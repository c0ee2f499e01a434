/**
 * `attendance models download` for local packs: fetches each file from its pinned official source into the
 * models directory (resumable, sha256-verified), converts Intel's OpenVINO IR to ONNX on the way, and says
 * what must be done by hand for files without a downloadable source.
 * @module
 */
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { LocalPack, OpenVinoIrSource, PackFileSource } from '@attendance/vision';
import {
  convertIrToOnnx,
  downloadResumable,
  sha256OfFile,
  type DownloadProgress,
} from '@attendance/vision/node';
import { fileState, mirrored } from './pack-files.js';

export interface PackDownloadOptions {
  modelsDir: string;
  /** Base URL of a mirror laid out as `<mirror>/<host>/<path>` of the official URLs (offline sites, tests). */
  mirror?: string | undefined;
  fetch?: typeof fetch | undefined;
  out: (line: string) => void;
  onProgress?: ((url: string, progress: DownloadProgress) => void) | undefined;
}

export interface PackDownloadResult {
  /** Files the pack needs that are still not in place. */
  missingRequired: string[];
  /** Optional files not installed (the pack works without them). */
  missingOptional: string[];
}

/** Where partial downloads and the IR files wait inside the models directory. */
const WORK_DIR = '.download';

async function fetchVerified(
  url: string,
  dest: string,
  sha256: string,
  options: PackDownloadOptions,
): Promise<void> {
  await mkdir(path.dirname(dest), { recursive: true });
  const source = mirrored(url, options.mirror);
  await downloadResumable({
    url: source,
    dest,
    sha256,
    fetch: options.fetch,
    onProgress: (progress) => options.onProgress?.(source, progress),
  });
}

async function convertIr(
  file: PackFileSource,
  ir: OpenVinoIrSource,
  dest: string,
  options: PackDownloadOptions,
) {
  const work = path.join(options.modelsDir, WORK_DIR);
  const xmlPath = path.join(work, path.basename(new URL(ir.xml.url).pathname));
  const binPath = path.join(work, path.basename(new URL(ir.bin.url).pathname));
  for (const [part, partPath] of [
    [ir.xml, xmlPath],
    [ir.bin, binPath],
  ] as const) {
    if ((await fileState(partPath, part.sha256)) !== 'ok') {
      await rm(partPath, { force: true });
      await fetchVerified(part.url, partPath, part.sha256, options);
    }
  }
  const onnx = convertIrToOnnx(await readFile(xmlPath, 'utf8'), new Uint8Array(await readFile(binPath)), {
    inputNames: ir.inputNames,
    outputNames: ir.outputNames,
  });
  const partial = `${dest}.part`;
  await mkdir(path.dirname(dest), { recursive: true });
  await writeFile(partial, onnx);
  const actual = await sha256OfFile(partial);
  if (actual !== file.sha256) {
    await rm(partial, { force: true });
    throw new Error(`the converted model has sha256 ${actual}, not the expected ${file.sha256}`);
  }
  await rename(partial, dest);
  await Promise.all([rm(xmlPath, { force: true }), rm(binPath, { force: true })]);
}

/** Brings one file into place; returns a line for the user. Throws on failure. */
async function obtain(file: PackFileSource, dest: string, options: PackDownloadOptions): Promise<string> {
  const { source } = file;
  switch (source.kind) {
    case 'url':
      await fetchVerified(source.url, dest, file.sha256, options);
      return `fetched  ${dest} (sha256 verified) from ${mirrored(source.url, options.mirror)}`;
    case 'openvino-ir':
      await convertIr(file, source, dest, options);
      return `built    ${dest} (sha256 verified): converted from OpenVINO IR ${mirrored(source.xml.url, options.mirror)} + .bin`;
    case 'manual':
      throw new Error(source.instructions);
  }
}

/**
 * Downloads a local pack's files into `options.modelsDir`. Files already there with the expected content are
 * kept; a different file at a pack path is never overwritten. One file failing does not stop the others.
 */
export async function downloadLocalPack(
  pack: LocalPack,
  options: PackDownloadOptions,
): Promise<PackDownloadResult> {
  const result: PackDownloadResult = { missingRequired: [], missingOptional: [] };
  for (const file of pack.sources ?? []) {
    const dest = path.join(options.modelsDir, file.file);
    const missing = file.optional ? result.missingOptional : result.missingRequired;
    const state = await fileState(dest, file.sha256);
    if (state === 'ok') {
      options.out(`present  ${dest} (sha256 verified)`);
      continue;
    }
    if (state === 'different') {
      missing.push(file.file);
      options.out(
        `FAILED   ${dest}: another file is there (not the expected sha256 ${file.sha256}); move it away and run again`,
      );
      continue;
    }
    if (file.source.kind === 'manual') {
      missing.push(file.file);
      options.out(
        `${file.optional ? 'optional' : 'MISSING '} ${dest}: not installed\n         ${file.source.instructions}`,
      );
      continue;
    }
    try {
      options.out(await obtain(file, dest, options));
    } catch (error) {
      missing.push(file.file);
      options.out(`FAILED   ${dest}: ${(error as Error).message}`);
    }
  }
  return result;
}
