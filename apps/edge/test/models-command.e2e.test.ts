import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BUILTIN_PACKS, type LocalPack, type OpenVinoIrSource } from '@attendance/vision';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MirrorServer } from '../src/models/mirror-server.fixture.js';
import { runCli } from './support/run-cli.js';
import { MODELS_DIR } from './support/shared-fixtures.js';

/** The block `models list` prints for one pack. */
function block(stdout: string, pack: string): string {
  const start = stdout.indexOf(`\n${pack} (`);
  if (start < 0) throw new Error(`no ${pack} in:\n${stdout}`);
  const end = stdout.indexOf('\n\n', start + 1);
  return stdout.slice(start, end < 0 ? undefined : end);
}

describe('attendance models list / download', () => {
  let work: string;

  beforeAll(async () => {
    work = await mkdtemp(path.join(tmpdir(), 'edge-models-cli-'));
  });
  afterAll(() => rm(work, { recursive: true, force: true }));

  it('list is right about presence, with a relative MODELS_DIR from the directory npm was started in', async () => {
    // npm run -w runs the CLI inside apps/edge and records the user's directory in INIT_CWD.
    const userDir = path.join(work, 'user');
    const models = path.join(userDir, 'my-models');
    await mkdir(models, { recursive: true });
    for (const file of ['face_detection_yunet_2026may.onnx', 'face-reidentification-retail-0095_fp16.onnx']) {
      await copyFile(path.join(MODELS_DIR, file), path.join(models, file));
    }
    const cache = path.join(work, 'cache');
    await mkdir(path.join(cache, 'smart-attendance/models/buffalo_sc'), { recursive: true });
    for (const file of ['det_500m.onnx', 'w600k_mbf.onnx']) {
      await writeFile(path.join(cache, 'smart-attendance/models/buffalo_sc', file), 'x');
    }
    const run = await runCli(['models', 'list'], {
      cwd: path.resolve(import.meta.dirname, '..'),
      env: { INIT_CWD: userDir, MODELS_DIR: 'my-models', XDG_CACHE_HOME: cache },
    });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`models directory: ${models}`);
    const open = block(run.stdout, 'open-256');
    expect(open).toMatch(/present: yes \(optional not installed: antispoof\/2\.7_80x80_MiniFASNetV2\.onnx, /);
    expect(open).toMatch(/present +detector +face_detection_yunet_2026may\.onnx +— OpenCV Zoo .*MIT/);
    expect(open).toMatch(
      /missing +liveness \(optional\) +antispoof\/2\.7_80x80_MiniFASNetV2\.onnx .*PyTorch/,
    );
    expect(open).toMatch(/threshold: 0\.46 calibrated/);
    expect(open).toMatch(
      /downloadable: yes .*by hand: antispoof\/2\.7_80x80_MiniFASNetV2\.onnx \(optional\)/,
    );
    expect(open).toMatch(/licence-clean: yes/);
    const sface = block(run.stdout, 'open-sface-128');
    expect(sface).toMatch(/present: no \(missing face_recognition_sface_2021dec\.onnx\)/);
    expect(sface).toMatch(/threshold: 0\.363 UNCALIBRATED \(the publisher's figure/);
    expect(sface).toMatch(/licence-clean: yes/);
    const faceplugin = block(run.stdout, 'faceplugin-512');
    expect(faceplugin).toMatch(/downloadable: no/);
    expect(faceplugin).toMatch(/present: no \(missing det_500m\.onnx, faceplugin_fr_feature_512d\.onnx\)/);
    const buffalo = block(run.stdout, 'buffalo_sc');
    expect(buffalo).toMatch(/present: yes$/m);
    expect(buffalo).toMatch(/non-commercial/);
    expect(buffalo).toMatch(/threshold: 0\.5 UNCALIBRATED/);
    expect(block(run.stdout, 'buffalo_l')).toMatch(/present: no/);

    const shared = await runCli(['models', 'list'], {
      cwd: work,
      env: { MODELS_DIR, XDG_CACHE_HOME: cache },
    });
    for (const pack of ['faceplugin-512', 'mobilefacenet-128', 'open-256']) {
      expect(block(shared.stdout, pack)).toMatch(/present: yes$/m);
    }
  });

  it('download: a pack without an official source is refused plainly; an unreachable mirror is named', async () => {
    const env = { MODELS_DIR: path.join(work, 'empty'), XDG_CACHE_HOME: path.join(work, 'cache2') };
    const none = await runCli(['models', 'download', 'faceplugin-512'], { cwd: work, env });
    expect(none.code).toBe(64);
    expect(none.stderr).toMatch(/faceplugin-512 has no official download source/);
    const closed = new MirrorServer(new Map());
    const dead = await closed.start();
    await closed.stop();
    const offline = await runCli(['models', 'download', 'buffalo_sc', '--mirror', dead], { cwd: work, env });
    expect(offline.code).toBe(69);
    expect(offline.stderr).toMatch(
      new RegExp(
        `cannot reach ${dead}/github\\.com/deepinsight/insightface/releases/download/v0\\.7/buffalo_sc\\.zip \\(ECONNREFUSED\\)`,
      ),
    );
  });

  it('download open-256 from a mirror of the official layout: progress, then a ready pack', async () => {
    const pack = BUILTIN_PACKS['open-256'] as LocalPack;
    const [yunet, reid] = pack.sources ?? [];
    const ir = reid?.source as OpenVinoIrSource;
    const irFile = path.join(MODELS_DIR, 'openvino-ir', 'face-reidentification-retail-0095');
    const server = new MirrorServer(
      new Map([
        [
          MirrorServer.pathOf((yunet?.source as { url: string }).url),
          new Uint8Array(await readFile(path.join(MODELS_DIR, yunet?.file ?? ''))),
        ],
        [MirrorServer.pathOf(ir.xml.url), new Uint8Array(await readFile(`${irFile}.xml`))],
        [MirrorServer.pathOf(ir.bin.url), new Uint8Array(await readFile(`${irFile}.bin`))],
      ]),
    );
    const mirror = await server.start();
    try {
      const models = path.join(work, 'downloaded');
      const run = await runCli(['models', 'download', 'open-256', '--mirror', mirror], {
        cwd: work,
        env: { MODELS_DIR: models },
      });
      expect(run.code).toBe(0);
      expect(run.stderr).toMatch(/face-reidentification-retail-0095\.bin: 2\.2 \/ 2\.2 MB 100%/);
      expect(run.stdout).toMatch(
        /open-256 ready in .*downloaded \(without the optional .*liveness stays off\)/,
      );
      const verify = await runCli(['models', 'verify', 'open-256'], {
        cwd: work,
        env: { MODELS_DIR: models },
      });
      expect(verify.code).toBe(0);
      expect(verify.stdout).toMatch(/ok +open-256 +recognizer .* intel-reid-0095-256/);
    } finally {
      await server.stop();
    }
  });
});
