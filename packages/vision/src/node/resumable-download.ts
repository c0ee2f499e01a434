import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, rename, rm, stat } from 'node:fs/promises';

export interface DownloadProgress {
  /** Bytes on disk so far, including bytes from an earlier, interrupted attempt. */
  receivedBytes: number;
  /** Total size when the server says (Content-Length / Content-Range), else null. */
  totalBytes: number | null;
}

export interface DownloadOptions {
  url: string;
  /** Final path; data goes to `<dest>.part` until it is complete and verified. */
  dest: string;
  /** Expected sha256 (hex) when known. */
  sha256?: string | null | undefined;
  onProgress?: ((progress: DownloadProgress) => void) | undefined;
  fetch?: typeof fetch | undefined;
}

async function sizeOf(path: string): Promise<number> {
  try {
    return (await stat(path)).size;
  } catch {
    return 0;
  }
}

export async function sha256OfFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/**
 * Downloads `url` to `dest`, resuming a previous partial `<dest>.part` with an HTTP Range request
 * (restarting if the server ignores it), then verifies the sha256 when given. A mismatch deletes the
 * partial file, so the next attempt starts clean.
 */
export async function downloadResumable(options: DownloadOptions): Promise<void> {
  const partPath = `${options.dest}.part`;
  const doFetch = options.fetch ?? fetch;
  let offset = await sizeOf(partPath);
  let response: Response;
  try {
    response = await doFetch(options.url, offset > 0 ? { headers: { Range: `bytes=${offset}-` } } : {});
  } catch (error) {
    throw new Error(
      `cannot reach ${options.url} (${networkCause(error)}): offline, or a firewall or proxy in the way? ` +
        'Run again when the network is back (a partial download resumes)',
      { cause: error },
    );
  }
  if (response.status === 416) {
    offset = await sizeOf(partPath);
  } // already complete on disk
  else if (!response.ok || !response.body) {
    throw new Error(`download ${options.url}: HTTP ${response.status} ${response.statusText}`.trimEnd());
  } else {
    if (response.status !== 206) offset = 0;
    const totalBytes = totalFrom(response, offset);
    const file = await open(partPath, offset > 0 ? 'a' : 'w');
    let receivedBytes = offset;
    try {
      for await (const chunk of response.body as AsyncIterable<Uint8Array>) {
        await file.write(chunk);
        receivedBytes += chunk.length;
        options.onProgress?.({ receivedBytes, totalBytes });
      }
    } catch (error) {
      throw new Error(
        `download ${options.url} interrupted at ${receivedBytes} bytes (${networkCause(error)}); run again to resume`,
        { cause: error },
      );
    } finally {
      await file.close();
    }
    if (totalBytes !== null && receivedBytes !== totalBytes) {
      throw new Error(
        `download ${options.url} ended at ${receivedBytes} of ${totalBytes} bytes; run again to resume`,
      );
    }
  }
  if (options.sha256) {
    const actual = await sha256OfFile(partPath);
    if (actual !== options.sha256.toLowerCase()) {
      await rm(partPath, { force: true });
      throw new Error(
        `download ${options.url}: sha256 ${actual} does not match the expected ${options.sha256}`,
      );
    }
  }
  await rename(partPath, options.dest);
}

/** The system error behind undici's "fetch failed" (ECONNREFUSED, ENOTFOUND…), else the message. */
function networkCause(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error as Error).message;
}

function totalFrom(response: Response, offset: number): number | null {
  const range = response.headers.get('content-range');
  const total = range?.match(/\/(\d+)$/)?.[1];
  if (total) return Number(total);
  const length = response.headers.get('content-length');
  return length ? Number(length) + (response.status === 206 ? offset : 0) : null;
}
