import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BUILTIN_PACKS, sha256Hex, type UpstreamFile } from '@attendance/vision';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MODELS_DIR } from '../../test/support/shared-fixtures.js';
import { inspectPack, licenceLines } from './model-packs-report.js';
import { downloadUpstreamFiles } from './upstream-download.js';

const YUNET = 'face_detection_yunet_2026may.onnx';

describe('licence-clean pack open-256: upstream sources and licences', () => {
  const pack = BUILTIN_PACKS['open-256'];

  it('describes every file of the pack with the sha256 of the known file', async () => {
    const files = [pack.detector, pack.recognizer, ...pack.liveness];
    expect(pack.upstream.map((u) => u.file).sort()).toEqual([...files].sort());
    for (const upstream of pack.upstream) {
      expect(await sha256Hex(new Uint8Array(await readFile(path.join(MODELS_DIR, upstream.file))))).toBe(
        upstream.sha256,
      );
    }
  });

  it('is the only built-in pack shown as licence-clean', () => {
    expect(licenceLines(pack).join('\n')).toMatch(/MIT.*Apache-2\.0[\s\S]*licence-clean: yes/);
    for (const other of Object.values(BUILTIN_PACKS).filter((p) => p.name !== 'open-256')) {
      expect(licenceLines(other)[1]).toMatch(/^licence-clean: no/);
    }
  });

  it('lists and identifies the liveness pair with the detector and recognizer', async () => {
    const files = await inspectPack(pack, { modelsDir: MODELS_DIR, cacheDir: tmpdir() }, true);
    expect(files.map((f) => [f.role, f.identified])).toEqual([
      ['detector', 'yunet'],
      ['recognizer', 'intel-reid-0095-256'],
      ['liveness', 'minifasnet-v2-2.7'],
      ['liveness', 'minifasnet-v1se-4.0'],
    ]);
  });
});

describe('downloadUpstreamFiles', () => {
  let server: Server;
  let baseUrl: string;
  let body: Uint8Array;
  let modelsDir: string;

  beforeAll(async () => {
    const yunet = new Uint8Array(await readFile(path.join(MODELS_DIR, YUNET)));
    body = yunet;
    server = createServer((request, response) => {
      response.writeHead(request.url === '/yunet.onnx' ? 200 : 404, { 'content-length': body.length });
      response.end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  beforeEach(async () => {
    modelsDir = await mkdtemp(path.join(tmpdir(), 'edge-upstream-'));
    return () => rm(modelsDir, { recursive: true, force: true });
  });

  const descriptors = (): UpstreamFile[] =>
    BUILTIN_PACKS['open-256'].upstream.map((u) => (u.url ? { ...u, url: `${baseUrl}/yunet.onnx` } : u));

  it('fetches what upstream publishes as is (sha256 verified) and explains the rest', async () => {
    const lines: string[] = [];
    const missing = await downloadUpstreamFiles(descriptors(), modelsDir, (l) => lines.push(l));
    expect(missing).toBe(3);
    expect((await stat(path.join(modelsDir, YUNET))).size).toBe(body.length);
    expect(lines.join('\n')).toMatch(/fetched .*yunet.*sha256 verified/);
    expect(lines.join('\n')).toMatch(/OpenVINO IR/);
  });

  it('refuses a corrupt download and leaves no model file behind', async () => {
    const good = body;
    body = Uint8Array.from(good, (b, i) => (i === 1000 ? b ^ 0xff : b));
    try {
      const lines: string[] = [];
      expect(await downloadUpstreamFiles(descriptors().slice(0, 1), modelsDir, (l) => lines.push(l))).toBe(1);
      expect(lines.join('\n')).toMatch(/failed .*sha256/);
      await expect(stat(path.join(modelsDir, YUNET))).rejects.toThrow();
    } finally {
      body = good;
    }
  });
});
