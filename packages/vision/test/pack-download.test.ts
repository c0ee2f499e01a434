import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RemotePack } from '@attendance/models';
import { downloadResumable, ensurePack, loadNodePipeline, type DownloadProgress } from '../src/node/index.js';
import { MODELS_DIR } from './paths.fixture.js';
import { createZip } from './zip-archive.fixture.js';

type Behaviour = 'ok' | 'corrupt' | 'cut-once';

/** A local "release server": serves one archive with Range support, optionally corrupted or cut mid-way. */
class ArchiveServer {
  readonly requests: IncomingHttpHeaders[] = [];
  behaviour: Behaviour = 'ok';
  private server: Server | undefined;

  constructor(private readonly archive: Uint8Array) {}

  async start(): Promise<string> {
    this.server = createServer((request, response) => {
      this.requests.push(request.headers);
      const start = Number(/bytes=(\d+)-/.exec(request.headers.range ?? '')?.[1] ?? 0);
      let body = Buffer.from(this.archive.subarray(start));
      if (this.behaviour === 'corrupt') {
        body = Buffer.from(body);
        const from = Math.floor(body.length / 3);
        for (let i = from; i < from + 64; i++) body[i] = (body[i] ?? 0) ^ 0x5a; // damage deflated data
      }
      const headers: Record<string, string | number> = {
        'content-length': body.length,
        'accept-ranges': 'bytes',
      };
      if (start > 0) {
        headers['content-range'] = `bytes ${start}-${this.archive.length - 1}/${this.archive.length}`;
      }
      response.writeHead(start > 0 ? 206 : 200, headers);
      if (this.behaviour === 'cut-once') {
        this.behaviour = 'ok';
        response.write(body.subarray(0, Math.floor(body.length / 2)), () => response.destroy());
        return;
      }
      response.end(body);
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server?.address() as AddressInfo).port}/buffalo_test.zip`;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }
}

describe('model pack download', () => {
  let server: ArchiveServer;
  let url: string;
  let archive: Uint8Array;
  let cacheDir: string;
  let detectorBytes: Uint8Array;

  beforeAll(async () => {
    detectorBytes = await readFile(join(MODELS_DIR, 'det_500m.onnx'));
    // A small pack shaped like InsightFace's buffalo_sc: a folder with the detector and a 512-d recognizer.
    archive = createZip({
      'buffalo_test/det_500m.onnx': detectorBytes,
      'buffalo_test/w600k_mbf.onnx': await readFile(join(MODELS_DIR, 'faceplugin_fr_feature_512d.onnx')),
      'buffalo_test/README.txt': new TextEncoder().encode('test pack'),
    });
    server = new ArchiveServer(archive);
    url = await server.start();
  });
  afterAll(() => server.stop());

  beforeEach(async () => {
    server.requests.length = 0;
    server.behaviour = 'ok';
    cacheDir = await mkdtemp(join(tmpdir(), 'vision-packs-'));
    return () => rm(cacheDir, { recursive: true, force: true });
  });

  const pack = (overrides: Partial<RemotePack> = {}): RemotePack => ({
    source: 'remote',
    name: 'buffalo_sc',
    url,
    sha256: null,
    detector: 'det_500m.onnx',
    recognizer: 'w600k_mbf.onnx',
    licence: 'test',
    licenceClean: false,
    ...overrides,
  });

  it('downloads with progress, verifies, unzips, caches, and the cached pack loads by name', async () => {
    const progress: DownloadProgress[] = [];
    const sha256 = createHash('sha256').update(archive).digest('hex');
    const dir = await ensurePack(pack({ sha256 }), { cacheDir, onProgress: (p) => progress.push(p) });
    // Buffer.equals: vitest's deep equality is far too slow on megabytes.
    expect(Buffer.from(detectorBytes).equals(await readFile(join(dir, 'det_500m.onnx')))).toBe(true);
    expect(progress.at(-1)).toEqual({ receivedBytes: archive.length, totalBytes: archive.length });
    await expect(stat(join(cacheDir, 'buffalo_sc.zip'))).rejects.toThrow(); // archive removed after extraction

    expect(await ensurePack(pack(), { cacheDir })).toBe(dir);
    expect(server.requests).toHaveLength(1); // second call served from the cache

    const pipeline = await loadNodePipeline({ pack: 'buffalo_sc', cacheDir, threads: 1 });
    try {
      expect(pipeline.modelId).toBe('w600k_mbf@87aacdfe');
      expect(pipeline.dim).toBe(512);
    } finally {
      await pipeline.dispose();
    }
  });

  it('rejects a corrupt archive by its CRC-32s, deletes it and succeeds on retry', async () => {
    server.behaviour = 'corrupt';
    await expect(ensurePack(pack(), { cacheDir })).rejects.toThrow(/corrupt/);
    await expect(stat(join(cacheDir, 'buffalo_sc.zip'))).rejects.toThrow();
    await expect(stat(join(cacheDir, 'buffalo_sc', '.complete'))).rejects.toThrow();
    server.behaviour = 'ok';
    await expect(ensurePack(pack(), { cacheDir })).resolves.toBe(join(cacheDir, 'buffalo_sc'));
  });

  it('rejects a download whose sha256 differs from the expected one', async () => {
    const dest = join(cacheDir, 'file.zip');
    await expect(downloadResumable({ url, dest, sha256: 'ab'.repeat(32) })).rejects.toThrow(/sha256/);
    await expect(stat(`${dest}.part`)).rejects.toThrow();
  });

  it('resumes an interrupted download with an HTTP Range request', async () => {
    server.behaviour = 'cut-once';
    const dest = join(cacheDir, 'file.zip');
    await expect(downloadResumable({ url, dest })).rejects.toThrow();
    const partial = (await stat(`${dest}.part`)).size;
    expect(partial).toBeGreaterThan(0);
    expect(partial).toBeLessThan(archive.length);

    const progress: DownloadProgress[] = [];
    const sha256 = createHash('sha256').update(archive).digest('hex');
    await downloadResumable({ url, dest, sha256, onProgress: (p) => progress.push(p) });
    expect(server.requests.at(-1)?.range).toBe(`bytes=${partial}-`);
    expect(progress[0]?.receivedBytes).toBeGreaterThan(partial);
    expect(Buffer.from(archive).equals(await readFile(dest))).toBe(true);
  });
});
