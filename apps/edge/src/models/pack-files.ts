import { stat } from 'node:fs/promises';
import { KNOWN_MODELS } from '@attendance/vision';
import { sha256OfFile } from '@attendance/vision/node';

/**
 * A pack file on disk: absent, the expected content (the pinned sha256, or another file known to be the same
 * model, e.g. an earlier conversion of the same weights), or something else.
 */
export async function fileState(file: string, sha256: string): Promise<'absent' | 'ok' | 'different'> {
  const present = await stat(file).then(
    (info) => info.isFile(),
    () => false,
  );
  if (!present) return 'absent';
  const actual = await sha256OfFile(file);
  if (actual === sha256) return 'ok';
  const [found, expected] = [KNOWN_MODELS[actual], KNOWN_MODELS[sha256]];
  return found && expected && found.kind === expected.kind && found.name === expected.name
    ? 'ok'
    : 'different';
}

/** An official URL as served by a mirror laid out `<mirror>/<host>/<path>`; the URL itself without one. */
export function mirrored(url: string, mirror: string | undefined): string {
  if (!mirror) return url;
  const official = new URL(url);
  return `${mirror.replace(/\/+$/, '')}/${official.host}${official.pathname}`;
}
