import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Builds an H.264 video in `dir` that shows each photo for `secondsEach` (a person standing at the
 * door), scaled and padded to `size`×`height` (`height` defaults to `size`), at `fps` frames per second.
 * Returns its path.
 */
export async function makeVideo(
  photos: readonly string[],
  options: { dir: string; name: string; secondsEach: number; fps: number; size: number; height?: number },
): Promise<string> {
  const list = path.join(options.dir, `${options.name}.txt`);
  const lines = photos.flatMap((photo) => [
    `file '${photo.replace(/'/g, "'\\''")}'`,
    `duration ${options.secondsEach}`,
  ]);
  // The concat demuxer ignores the last duration unless the last file is listed again.
  const last = photos[photos.length - 1];
  if (last !== undefined) lines.push(`file '${last.replace(/'/g, "'\\''")}'`);
  writeFileSync(list, `${lines.join('\n')}\n`);
  const output = path.join(options.dir, `${options.name}.mp4`);
  const w = options.size;
  const h = options.height ?? options.size;
  const args = [
    '-hide_banner',
    '-loglevel',
    'error',
    '-y',
    '-f',
    'concat',
    '-safe',
    '0',
    '-i',
    list,
    '-vf',
    `scale=${w}:${h}:force_original_aspect_ratio=decrease,pad=${w}:${h}:(ow-iw)/2:(oh-ih)/2,fps=${options.fps},format=yuv420p`,
    '-c:v',
    'libx264',
    '-preset',
    'veryfast',
    '-crf',
    '18',
    output,
  ];
  await new Promise<void>((resolve, reject) => {
    const child = spawn('ffmpeg', args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.once('error', reject);
    child.once('close', (code) => (code === 0 ? resolve() : reject(new Error(`ffmpeg ${code}: ${stderr}`))));
  });
  return output;
}
