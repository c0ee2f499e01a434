import { mkdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { UpstreamFile } from '@attendance/vision';
import { downloadResumable } from '@attendance/vision/node';

/**
 * Fetches the files of a local pack that upstream publishes as is (verified by sha256) into the models
 * directory, and explains how to obtain the others. Files already present are left alone.
 * @returns how many files are still missing afterwards
 */
export async function downloadUpstreamFiles(
  files: readonly UpstreamFile[],
  modelsDir: string,
  out: (line: string) => void,
  fetchImpl?: typeof fetch,
): Promise<number> {
  let missing = 0;
  for (const file of files) {
    const dest = path.join(modelsDir, file.file);
    const present = await stat(dest).then(
      (info) => info.isFile(),
      () => false,
    );
    if (present) {
      out(`present  ${dest}`);
      continue;
    }
    if (file.url === null) {
      missing += 1;
      out(`missing  ${dest}\n         ${file.note}`);
      continue;
    }
    try {
      await mkdir(path.dirname(dest), { recursive: true });
      await downloadResumable({ url: file.url, dest, sha256: file.sha256, fetch: fetchImpl });
      out(`fetched  ${dest} (sha256 verified)`);
    } catch (error) {
      missing += 1;
      out(`failed   ${dest}: ${(error as Error).message}`);
    }
  }
  return missing;
}
