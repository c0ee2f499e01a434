/**
 * The browser kiosk's recognition loop in headless Chromium with a fake webcam: the page runs the face
 * pipeline on onnxruntime-web (WASM) exactly as at a door, against the real server on the same machine, and
 * the benchmark reads the loop's own figures from the kiosk footer (fps and mean ms per stage over the last
 * 5 s), sampled once per second after a warm-up.
 *
 * Run: `npx tsx bench/kiosk.ts` (MODELS_DIR defaults to ../shared/models; PACKS comma-separated, default
 * open-256,faceplugin-512,mobilefacenet-128; SECONDS of sampling per pack, default 30). Writes the
 * "kiosk:recognition-loop" section of bench/RESULTS.md (`BENCH_WRITE=0` prints only).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { CHROMIUM_PATH, launchChromium } from '../apps/server/test/ui/support/chromium.js';
import { y4mFromPhotos } from '../apps/server/test/ui/support/fake-camera-video.js';
import { ensureWebBuild } from '../apps/server/test/ui/support/web-build.js';
import { startPackServer } from './pack-server.js';
import { writeResultsSection } from './results-section.js';

const SHARED = resolve(fileURLToPath(new URL('.', import.meta.url)), '..', '..', 'shared');
const FACES_DIR = process.env.FACES_DIR ?? join(SHARED, 'faces');
const MODELS_DIR = process.env.MODELS_DIR ?? join(SHARED, 'models');
const PACKS = (process.env.PACKS ?? 'open-256,faceplugin-512,mobilefacenet-128').split(',');
const SAMPLE_SECONDS = Number(process.env.SECONDS ?? 30);
const WARM_UP_SECONDS = 10;
const ADMIN_KEY = 'bench-kiosk-admin-key-0123456789abcdef';
const PERSON = 'Norah_Jones';

interface Sample {
  fps: number;
  grabMs: number;
  analyzeMs: number;
}

interface Row {
  pack: string;
  fps: { median: number; min: number };
  grabMs: number;
  analyzeMs: number;
}

const median = (values: number[]) => {
  const sorted = values.slice().sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
};

async function createEdgeKey(baseUrl: string): Promise<string> {
  const response = await fetch(`${baseUrl}/v1/api-keys`, {
    method: 'POST',
    headers: { 'x-api-key': ADMIN_KEY, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'kiosk bench', scopes: ['edge'] }),
  });
  if (response.status !== 201) throw new Error(`creating the kiosk key: ${String(response.status)}`);
  return ((await response.json()) as { key: string }).key;
}

async function readSample(kiosk: Page): Promise<Sample | null> {
  const footer = kiosk.locator('#kiosk-fps');
  const [fps, grabMs, analyzeMs] = await Promise.all(
    ['data-fps', 'data-grab-ms', 'data-analyze-ms'].map((name) => footer.getAttribute(name)),
  );
  if (fps === null || fps === undefined) return null;
  return { fps: Number(fps), grabMs: Number(grabMs), analyzeMs: Number(analyzeMs) };
}

async function benchPack(pack: string, video: string, workDir: string): Promise<Row> {
  const server = await startPackServer({ pack, workDir, adminKey: ADMIN_KEY, modelsDir: MODELS_DIR });
  const browser = await launchChromium([
    '--use-fake-ui-for-media-stream',
    '--use-fake-device-for-media-stream',
    `--use-file-for-fake-video-capture=${video}`,
  ]);
  try {
    const kiosk = await browser.context.newPage();
    kiosk.on('pageerror', (error) => console.error('kiosk page error:', error.message));
    await kiosk.goto(`${server.baseUrl}/kiosk`);
    await kiosk.fill('input[name=api_key]', await createEdgeKey(server.baseUrl));
    await kiosk.fill('input[name=camera_id]', `bench-kiosk-${pack}`);
    await kiosk.selectOption('select[name=liveness]', 'off');
    await kiosk.uncheck('input[name=challenge]');
    await kiosk.click('#setup-form button[type=submit]');
    await kiosk.locator('#kiosk-fps[data-fps]').waitFor({ timeout: 180_000 });
    await sleep(WARM_UP_SECONDS * 1000);
    const samples: Sample[] = [];
    for (let second = 0; second < SAMPLE_SECONDS; second += 1) {
      await sleep(1000);
      const sample = await readSample(kiosk);
      if (sample) samples.push(sample);
    }
    const row: Row = {
      pack,
      fps: { median: median(samples.map((s) => s.fps)), min: Math.min(...samples.map((s) => s.fps)) },
      grabMs: median(samples.map((s) => s.grabMs)),
      analyzeMs: median(samples.map((s) => s.analyzeMs)),
    };
    console.error(`${pack}: ${row.fps.median.toFixed(1)} fps (analyze ${row.analyzeMs.toFixed(1)} ms)`);
    return row;
  } finally {
    await browser.close();
    await server.stop();
  }
}

async function main(): Promise<void> {
  await ensureWebBuild();
  const workDir = mkdtempSync(join(tmpdir(), 'bench-kiosk-'));
  try {
    const photo = (i: number) =>
      join(FACES_DIR, 'lfw-dev', 'people', PERSON, `${PERSON}_000${String(i)}.jpg`);
    const video = y4mFromPhotos([photo(4), photo(5)]);
    const rows: Row[] = [];
    for (const pack of PACKS) rows.push(await benchPack(pack, video, workDir));
    const chromium = execFileSync(CHROMIUM_PATH, ['--version'], { stdio: ['ignore', 'pipe', 'ignore'] })
      .toString()
      .trim();
    const [one, five, fifteen] = loadavg().map((value) => value.toFixed(1));
    await writeResultsSection('kiosk:recognition-loop', [
      '## Kiosk: the recognition loop in Chromium',
      '',
      `- Date: ${new Date().toISOString()}; machine: ${String(cpus().length)} CPU cores (${cpus()[0]?.model ?? 'unknown'}); ` +
        `${chromium}, headless; load average at the end ${one} / ${five} / ${fifteen}.`,
      '- Command: `npx tsx bench/kiosk.ts` — `/kiosk` against the server (embedded PGlite) on the same machine, ' +
        "Chromium's fake camera playing a 640×480 video of one person (lfw-dev), liveness off; the pipeline " +
        'runs on onnxruntime-web (WASM, one thread, detector at 320).',
      `- fps and ms come from the kiosk's own footer (a 5 s sliding window), sampled each second for ` +
        `${String(SAMPLE_SECONDS)} s after a ${String(WARM_UP_SECONDS)} s warm-up; the table gives the median ` +
        'and the lowest sample. "analyze" is detect + align + embed of the frame; "grab" copies the video frame ' +
        'into the pipeline.',
      '',
      '| pack | fps (median) | fps (lowest) | grab ms | analyze ms |',
      '| --- | ---: | ---: | ---: | ---: |',
      ...rows.map(
        (row) =>
          `| ${row.pack} | ${row.fps.median.toFixed(1)} | ${row.fps.min.toFixed(1)} | ${row.grabMs.toFixed(1)} | ${row.analyzeMs.toFixed(1)} |`,
      ),
    ]);
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}

await main();
