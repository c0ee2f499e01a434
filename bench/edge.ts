/**
 * End-to-end edge benchmark: the camera agent's real loop (`attendance camera --source video.mp4 --no-live`:
 * decode → detect → track → embed as scheduled → identify request) against the real server on the same
 * machine, per model pack, on two videos made from the shared photos:
 * - "door, 1 face": ten lfw-dev people, one after another, 2 s each, 640×480 at 25 fps;
 * - "group, 6 faces": the bbt4.jpg group photo (6 faces), 12 s, 640×480 at 25 fps.
 * People are enrolled first (`attendance register --folder`), so the run includes real identify requests.
 * The video is read as fast as it can be processed, so fps is the agent's throughput on this machine.
 *
 * Run: `npx tsx bench/edge.ts` (MODELS_DIR / FACES_DIR default to ../shared/...; PACKS comma-separated,
 * default open-256,faceplugin-512,mobilefacenet-128). Writes the "edge:end-to-end:<cpu>" section (one per CPU model) of
 * bench/RESULTS.md (`BENCH_WRITE=0` prints only).
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCli } from '../apps/edge/test/support/run-cli.js';
import { makeVideo } from '../apps/edge/test/support/make-video.js';
import { startPackServer } from './pack-server.js';
import { writeResultsSection } from './results-section.js';

const SHARED = resolve(fileURLToPath(new URL('.', import.meta.url)), '..', '..', 'shared');
const FACES_DIR = process.env.FACES_DIR ?? join(SHARED, 'faces');
const MODELS_DIR = process.env.MODELS_DIR ?? join(SHARED, 'models');
const PACKS = (process.env.PACKS ?? 'open-256,faceplugin-512,mobilefacenet-128').split(',');
const ADMIN_KEY = 'bench-edge-admin-key-0123456789abcdef';
/** The first ten lfw-dev people (sorted by name); each is enrolled from photos 1–3 and seen on photo 5. */
const DOOR_PEOPLE = readdirSync(join(FACES_DIR, 'lfw-dev', 'people'))
  .sort()
  .slice(0, 10);
const BBT_PEOPLE = ['amy', 'bernadette', 'howard', 'leonard', 'penny', 'raj', 'sheldon', 'stuart'];

interface Video {
  name: string;
  path: string;
}

interface Row {
  pack: string;
  video: string;
  frames: number;
  fps: number;
  stages: string;
  counts: string;
  settings: string;
}

async function makeVideos(workDir: string): Promise<Video[]> {
  const people = join(FACES_DIR, 'lfw-dev', 'people');
  const door = await makeVideo(
    DOOR_PEOPLE.map((person) => join(people, person, `${person}_0005.jpg`)),
    { dir: workDir, name: 'door', secondsEach: 2, fps: 25, size: 640, height: 480 },
  );
  const group = await makeVideo([join(FACES_DIR, 'bbt', 'bbt4.jpg')], {
    dir: workDir,
    name: 'group',
    secondsEach: 12,
    fps: 25,
    size: 640,
    height: 480,
  });
  return [
    { name: 'door, 1 face', path: door },
    { name: 'group, 6 faces', path: group },
  ];
}

/** A bulk folder `<name>/photo*` of links to the shared photos: the door's people and the group's. */
function enrollmentFolder(workDir: string): string {
  const folder = join(workDir, 'people');
  mkdirSync(folder);
  for (const person of DOOR_PEOPLE) {
    symlinkSync(join(FACES_DIR, 'lfw-dev', 'people', person), join(folder, person));
  }
  for (const person of BBT_PEOPLE) symlinkSync(join(FACES_DIR, 'bbt', person), join(folder, person));
  return folder;
}

function parseFinal(
  stderr: string,
  stdout: string,
): { frames: number; fps: number; stages: string; counts: string } {
  const line = `${stdout}\n${stderr}`.split('\n').find((l) => l.includes('final: '));
  const match = line?.match(/final: (\d+) frames in [\d.]+ s, fps ([\d.]+) \| ms\/frame ([^|]*)\| (.*)$/);
  if (!match) throw new Error(`no final line in the agent's output:\n${stderr.slice(-2000)}`);
  const [, frames, fps, stages, counts] = match;
  // The counts go into one table cell: the agent's own `|` separators become `;`.
  const cell = (counts ?? '').replaceAll('|', ';');
  return { frames: Number(frames), fps: Number(fps), stages: (stages ?? '').trim(), counts: cell };
}

function parseSettings(output: string): string {
  const line = output.split('\n').find((l) => l.includes('onnxruntime: '));
  return line ? line.slice(line.indexOf('onnxruntime: ') + 'onnxruntime: '.length).trim() : 'not logged';
}

async function benchPack(pack: string, videos: Video[], workDir: string): Promise<Row[]> {
  const server = await startPackServer({ pack, workDir, adminKey: ADMIN_KEY, modelsDir: MODELS_DIR });
  const env = {
    SERVER_URL: server.baseUrl,
    API_KEY: ADMIN_KEY,
    MODELS_DIR,
    MODEL_PACK: pack,
    LOG_LEVEL: 'info',
    EDGE_DATA_DIR: join(workDir, `edge-${pack}`),
    // A fresh settings cache: ONNX Runtime's settings are chosen under this run's conditions, not recalled.
    XDG_CACHE_HOME: join(workDir, 'cache'),
  };
  try {
    const register = await runCli(['register', '--folder', 'people', '--max-photos', '3'], {
      env,
      cwd: workDir,
      timeoutMs: 600_000,
    });
    if (register.code !== 0) throw new Error(`register failed: ${register.stderr}`);
    const rows: Row[] = [];
    for (const video of videos) {
      const run = await runCli(['camera', '--source', video.path, '--no-live'], {
        env: { ...env, CAMERA_ID: `bench-${video.name.split(',')[0] ?? 'cam'}` },
        cwd: workDir,
        timeoutMs: 900_000,
      });
      if (run.code !== 0) {
        throw new Error(`camera agent exited ${String(run.code)}: ${run.stderr.slice(-2000)}`);
      }
      const final = parseFinal(run.stderr, run.stdout);
      rows.push({
        pack,
        video: video.name,
        ...final,
        settings: parseSettings(`${run.stdout}\n${run.stderr}`),
      });
      console.error(`${pack} / ${video.name}: ${final.fps} fps (${final.stages})`);
    }
    return rows;
  } finally {
    await server.stop();
  }
}

function cpuSlug(model: string): string {
  return model
    .toLowerCase()
    .replace(/\((r|tm)\)/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

async function main(): Promise<void> {
  const workDir = mkdtempSync(join(tmpdir(), 'bench-edge-'));
  try {
    enrollmentFolder(workDir);
    const videos = await makeVideos(workDir);
    const rows: Row[] = [];
    for (const pack of PACKS) rows.push(...(await benchPack(pack, videos, workDir)));
    const [one, five, fifteen] = loadavg().map((value) => value.toFixed(1));
    const cpuModel = cpus()[0]?.model ?? 'unknown';
    // One section per CPU model: the same pack is 3–9× apart between CPU families, so each keeps its table.
    await writeResultsSection(`edge:end-to-end:${cpuSlug(cpuModel)}`, [
      `## Edge: the camera agent end to end (${cpuModel})`,
      '',
      `- Date: ${new Date().toISOString()}; machine: ${String(cpus().length)} CPU cores (${cpuModel}); ` +
        `Node ${process.version}; load average at the end ${one} / ${five} / ${fifteen}.`,
      '- Command: `npx tsx bench/edge.ts` — `attendance camera --source <video> --no-live` against the server ' +
        '(embedded PGlite) on the same machine, the video read as fast as it is processed; people enrolled ' +
        'first with `attendance register --folder` (3 photos each), so identify requests are real.',
      '- Videos (640×480, 25 fps): "door, 1 face" = ten lfw-dev people, 2 s each (500 frames); "group, 6 faces" ' +
        '= bbt4.jpg for 12 s (300 frames).',
      '- ms/frame = mean milliseconds per frame of each stage of the agent loop (its `final:` line).',
      '',
      '| pack | video | frames | fps | ms/frame by stage | counts |',
      '| --- | --- | ---: | ---: | --- | --- |',
      ...rows.map(
        (row) =>
          `| ${row.pack} | ${row.video} | ${String(row.frames)} | ${row.fps.toFixed(1)} | ${row.stages} | ${row.counts} |`,
      ),
      '',
      'ONNX Runtime settings chosen at the first load of each model in the run (timed candidates in brackets):',
      '',
      ...[...new Map(rows.map((row) => [row.pack, row.settings])).entries()].map(
        ([pack, settings]) => `- ${pack}: ${settings}`,
      ),
    ]);
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}

await main();
