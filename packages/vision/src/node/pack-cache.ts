import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RemotePack } from '@attendance/models';
import { downloadResumable, type DownloadProgress } from './resumable-download.js';
import { listZipEntries, readZipEntry } from './zip-reader.js';

export interface EnsurePackOptions {
  /** Cache root (default from `loadVisionConfig().cacheDir`). */
  cacheDir: string;
  onProgress?: ((progress: DownloadProgress) => void) | undefined;
  fetch?: typeof fetch | undefined;
}

const COMPLETE_MARKER = '.complete';

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

/**
 * Makes a remote pack's detector and recognizer available in `<cacheDir>/<pack>/`, downloading
 * (resumable), verifying (sha256 when known, each entry's CRC-32 always) and unzipping on first use.
 * A corrupt archive is deleted so the next call downloads it again.
 * @returns the pack directory
 */
export async function ensurePack(pack: RemotePack, options: EnsurePackOptions): Promise<string> {
  const dir = join(options.cacheDir, pack.name);
  if (await exists(join(dir, COMPLETE_MARKER))) return dir;
  await mkdir(dir, { recursive: true });
  const archive = join(options.cacheDir, `${pack.name}.zip`);
  if (!(await exists(archive))) {
    await downloadResumable({
      url: pack.url,
      dest: archive,
      sha256: pack.sha256,
      onProgress: options.onProgress,
      fetch: options.fetch,
    });
  }
  try {
    const zip = await readFile(archive);
    const entries = listZipEntries(zip);
    for (const wanted of [pack.detector, pack.recognizer]) {
      const entry = entries.find((e) => e.name === wanted || e.name.endsWith(`/${wanted}`));
      if (!entry) throw new Error(`archive has no ${wanted}`);
      await writeFile(join(dir, wanted), readZipEntry(zip, entry));
    }
  } catch (error) {
    await rm(archive, { force: true });
    throw new Error(
      `model pack ${pack.name} from ${pack.url} is corrupt (deleted; retry to download again): ${(error as Error).message}`,
      {
        cause: error,
      },
    );
  }
  // pack.json makes the cached directory loadable as a local pack too (`loadNodePipeline({ pack: dir })`).
  await writeFile(
    join(dir, 'pack.json'),
    JSON.stringify({ detector: pack.detector, recognizer: pack.recognizer }),
  );
  await writeFile(join(dir, COMPLETE_MARKER), new Date().toISOString());
  await rm(archive, { force: true });
  return dir;
}
