import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * A `.y4m` for Chromium's fake camera (`--use-file-for-fake-video-capture`), made with ffmpeg from photos:
 * each photo is shown for `secondsEach`, scaled into a 640×480 frame. Chromium loops the file.
 */
export function y4mFromPhotos(photos: string[], secondsEach = 2): string {
  const out = path.join(mkdtempSync(path.join(tmpdir(), 'attendance-y4m-')), 'camera.y4m');
  const inputs = photos.flatMap((photo) => ['-loop', '1', '-t', String(secondsEach), '-i', photo]);
  const scaled = photos.map(
    (_, i) => `[${i}:v]scale=440:440,pad=640:480:100:20:color=0xb0b0b0,setsar=1,fps=10[v${i}]`,
  );
  const filter = `${scaled.join(';')};${photos.map((_, i) => `[v${i}]`).join('')}concat=n=${photos.length}:v=1[out]`;
  execFileSync(
    'ffmpeg',
    [
      '-y',
      '-loglevel',
      'error',
      ...inputs,
      '-filter_complex',
      filter,
      '-map',
      '[out]',
      '-pix_fmt',
      'yuv420p',
      out,
    ],
    { timeout: 60_000 },
  );
  return out;
}
