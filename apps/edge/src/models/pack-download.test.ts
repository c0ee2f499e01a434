import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  BUILTIN_PACKS,
  KNOWN_MODELS,
  type LocalPack,
  type OpenVinoIrSource,
  type PackFileSource,
} from '@attendance/vision';
import { decodeImageFile, loadNodePipeline, sha256OfFile } from '@attendance/vision/node';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { lfwPeople, MODELS_DIR, photosOf } from '../../test/support/shared-fixtures.js';
import { MirrorServer } from './mirror-server.fixture.js';
import { downloadLocalPack, type PackDownloadOptions } from './pack-download.js';

const OPEN_256 = BUILTIN_PACKS['open-256'] as LocalPack;
const OPEN_SFACE = BUILTIN_PACKS['open-sface-128'] as LocalPack;
const sourceOf = (pack: LocalPack, role: string) => {
  const found = pack.sources?.find((s) => s.role === role);
  if (!found) throw new Error(`no ${role} in ${pack.name}`);
  return found;
};
const YUNET = sourceOf(OPEN_256, 'detector');
const REID = sourceOf(OPEN_256, 'recognizer');
const IR = REID.source as OpenVinoIrSource;
const SFACE = sourceOf(OPEN_SFACE, 'recognizer');
const urlOf = (s: PackFileSource) => (s.source.kind === 'url' ? s.source.url : '');

describe('models download: local packs from their official file layout', () => {
  let server: MirrorServer;
  let mirror: string;
  let modelsDir: string;
  let lines: string[];

  beforeAll(async () => {
    const ir = path.join(MODELS_DIR, 'openvino-ir', 'face-reidentification-retail-0095');
    server = new MirrorServer(
      new Map([
        [
          MirrorServer.pathOf(urlOf(YUNET)),
          new Uint8Array(await readFile(path.join(MODELS_DIR, YUNET.file))),
        ],
        [MirrorServer.pathOf(IR.xml.url), new Uint8Array(await readFile(`${ir}.xml`))],
        [MirrorServer.pathOf(IR.bin.url), new Uint8Array(await readFile(`${ir}.bin`))],
        // Not the real SFace weights (none here): any bytes, so its download must fail the sha256 check.
        [MirrorServer.pathOf(urlOf(SFACE)), new Uint8Array(4096).fill(7)],
      ]),
    );
    mirror = await server.start();
  });
  afterAll(() => server.stop());
  beforeEach(async () => {
    modelsDir = await mkdtemp(path.join(tmpdir(), 'edge-pack-download-'));
    lines = [];
    server.requests.length = 0;
    server.behaviours.clear();
    return () => rm(modelsDir, { recursive: true, force: true });
  });
  const options = (): PackDownloadOptions => ({ modelsDir, mirror, out: (line) => lines.push(line) });

  it('open-256: fetches YuNet and Intel’s IR at their pinned official paths, converts the IR, and the pack works', async () => {
    const result = await downloadLocalPack(OPEN_256, options());
    expect(result).toEqual({
      missingRequired: [],
      missingOptional: ['antispoof/2.7_80x80_MiniFASNetV2.onnx', 'antispoof/4_0_0_80x80_MiniFASNetV1SE.onnx'],
    });
    expect(server.requests.map((r) => r.path).sort()).toEqual(
      [
        '/github.com/opencv/opencv_zoo/raw/47534e27c9851bb1128ccc0102f1145e27f23f98/models/face_detection_yunet/face_detection_yunet_2026may.onnx',
        '/storage.openvinotoolkit.org/repositories/open_model_zoo/2023.0/models_bin/1/face-reidentification-retail-0095/FP16/face-reidentification-retail-0095.bin',
        '/storage.openvinotoolkit.org/repositories/open_model_zoo/2023.0/models_bin/1/face-reidentification-retail-0095/FP16/face-reidentification-retail-0095.xml',
      ].sort(),
    );
    expect(await sha256OfFile(path.join(modelsDir, REID.file))).toBe(REID.sha256);
    expect(lines.join('\n')).toMatch(
      /built .*face-reidentification-retail-0095_fp16\.onnx \(sha256 verified\)/,
    );
    expect(lines.join('\n')).toMatch(/optional .*MiniFASNetV2\.onnx: not installed\n.*PyTorch/);
    // Only the pack's files remain (the IR and partial files are cleaned up).
    expect((await readdir(modelsDir)).sort()).toEqual(['.download', REID.file, YUNET.file].sort());
    expect(await readdir(path.join(modelsDir, '.download'))).toEqual([]);

    const pipeline = await loadNodePipeline({ modelsDir, pack: 'open-256', threads: 1 });
    try {
      expect(pipeline.modelId).toBe('intel-reid-0095-256@20c1601d');
      const faces = await pipeline.analyze(await decodeImageFile(photosOf(lfwPeople()[0] ?? '')[0] ?? ''));
      expect(faces.some((face) => face.embedding?.length === 256)).toBe(true);
    } finally {
      await pipeline.dispose();
    }

    lines = [];
    server.requests.length = 0;
    await downloadLocalPack(OPEN_256, options());
    expect(server.requests).toEqual([]);
    expect(lines.filter((l) => l.startsWith('present')).length).toBe(2);
  });

  it('a corrupt file is refused by sha256 and leaves nothing behind; the next run completes', async () => {
    server.behaviours.set(MirrorServer.pathOf(IR.bin.url), 'corrupt');
    const first = await downloadLocalPack(OPEN_256, options());
    expect(first.missingRequired).toEqual([REID.file]);
    expect(lines.join('\n')).toMatch(
      /FAILED .*face-reidentification-retail-0095_fp16\.onnx: download http:\S+face-reidentification-retail-0095\.bin: sha256 \w+ does not match/,
    );
    await expect(stat(path.join(modelsDir, REID.file))).rejects.toThrow();
    expect(await readdir(path.join(modelsDir, '.download'))).toEqual([
      'face-reidentification-retail-0095.xml',
    ]);

    server.behaviours.clear();
    server.requests.length = 0;
    const second = await downloadLocalPack(OPEN_256, options());
    expect(second.missingRequired).toEqual([]);
    // The verified .xml is reused; only the .bin is fetched again.
    expect(server.requests.map((r) => path.basename(r.path))).toEqual([
      'face-reidentification-retail-0095.bin',
    ]);
  });

  it('a missing file (HTTP 404) is reported with its URL; the other files still arrive', async () => {
    server.behaviours.set(MirrorServer.pathOf(urlOf(YUNET)), 'missing');
    const result = await downloadLocalPack(OPEN_256, options());
    expect(result.missingRequired).toEqual([YUNET.file]);
    expect(lines.join('\n')).toMatch(
      new RegExp(
        `FAILED .*${YUNET.file}: download ${mirror}/github\\.com/opencv/opencv_zoo/raw/\\S+: HTTP 404 Not Found`,
      ),
    );
    expect(await sha256OfFile(path.join(modelsDir, REID.file))).toBe(REID.sha256);
  });

  it('an unreachable host is named in a clear offline message', async () => {
    const closed = new MirrorServer(new Map());
    const deadMirror = await closed.start();
    await closed.stop();
    const result = await downloadLocalPack(OPEN_256, { ...options(), mirror: deadMirror });
    expect(result.missingRequired).toEqual([YUNET.file, REID.file]);
    expect(lines.join('\n')).toMatch(
      new RegExp(`cannot reach ${deadMirror}/github\\.com/\\S+ \\(ECONNREFUSED\\): offline`),
    );
  });

  it('resumes an interrupted download with an HTTP Range request', async () => {
    const binPath = MirrorServer.pathOf(IR.bin.url);
    server.behaviours.set(binPath, 'cut-once');
    const first = await downloadLocalPack(OPEN_256, options());
    expect(first.missingRequired).toEqual([REID.file]);
    expect(lines.join('\n')).toMatch(/interrupted at \d+ bytes .*run again to resume/);
    const partial = path.join(modelsDir, '.download', 'face-reidentification-retail-0095.bin.part');
    const kept = (await stat(partial)).size;
    expect(kept).toBeGreaterThan(0);

    server.requests.length = 0;
    expect((await downloadLocalPack(OPEN_256, options())).missingRequired).toEqual([]);
    expect(server.requests.filter((r) => r.path === binPath)).toEqual([
      { path: binPath, range: `bytes=${kept}-` },
    ]);
    expect(await sha256OfFile(path.join(modelsDir, REID.file))).toBe(REID.sha256);
  });

  it('open-sface-128: YuNet and SFace from the pinned opencv_zoo commit, each checked by sha256', async () => {
    const result = await downloadLocalPack(OPEN_SFACE, options());
    expect(server.requests.map((r) => r.path)).toContain(
      '/github.com/opencv/opencv_zoo/raw/47534e27c9851bb1128ccc0102f1145e27f23f98/models/face_recognition_sface/face_recognition_sface_2021dec.onnx',
    );
    // The served bytes are not OpenCV's file: refused, and named.
    expect(result.missingRequired).toEqual([SFACE.file]);
    expect(lines.join('\n')).toMatch(
      /FAILED .*face_recognition_sface_2021dec\.onnx: download \S+: sha256 \w+ does not match/,
    );
    expect(await sha256OfFile(path.join(modelsDir, YUNET.file))).toBe(YUNET.sha256);
  });

  it('never overwrites a different file at a pack path', async () => {
    await writeFile(path.join(modelsDir, YUNET.file), 'my own detector');
    const result = await downloadLocalPack(OPEN_256, options());
    expect(result.missingRequired).toEqual([YUNET.file]);
    expect(lines.join('\n')).toMatch(/another file is there/);
    expect(await readFile(path.join(modelsDir, YUNET.file), 'utf8')).toBe('my own detector');
  });
});

describe('licence-clean packs: sources and licences', () => {
  it('pins every downloadable file by sha256 to a known model; the shared fixtures are those files', async () => {
    for (const pack of [OPEN_256, OPEN_SFACE]) {
      for (const file of pack.sources ?? []) {
        expect(KNOWN_MODELS[file.sha256]?.kind).toBe(file.role);
        if (file.source.kind === 'url') expect(file.source.url).not.toMatch(/\/(main|master)\//);
      }
    }
    expect(await sha256OfFile(path.join(MODELS_DIR, YUNET.file))).toBe(YUNET.sha256);
    const ir = path.join(MODELS_DIR, 'openvino-ir', 'face-reidentification-retail-0095');
    expect(await sha256OfFile(`${ir}.xml`)).toBe(IR.xml.sha256);
    expect(await sha256OfFile(`${ir}.bin`)).toBe(IR.bin.sha256);
  });
});
