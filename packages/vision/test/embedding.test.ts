import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { cosineSimilarity } from '@attendance/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FacePipeline, RgbImage } from '../src/index.js';
import { decodeImageFile, loadNodePipeline } from '../src/node/index.js';
import { loadWebPipeline } from '../src/web/index.js';
import { FACES_DIR, MODELS_DIR } from './paths.fixture.js';

const PHOTO = join(FACES_DIR, 'bbt/bbt4.jpg');

describe.each([
  {
    detector: 'det_500m.onnx',
    recognizer: 'faceplugin_fr_feature_512d.onnx',
    dim: 512,
    modelId: 'faceplugin-512@87aacdfe',
  },
  {
    detector: 'det_2.5g.onnx',
    recognizer: 'mobilefacenet_128d.onnx',
    dim: 128,
    modelId: 'mobilefacenet-128@e72a5710',
  },
  {
    detector: 'face_detection_yunet_2026may.onnx',
    recognizer: 'face-reidentification-retail-0095_fp16.onnx',
    dim: 256,
    modelId: 'intel-reid-0095-256@20c1601d',
  },
])('$recognizer with $detector, given by path alone', ({ detector, recognizer, dim, modelId }) => {
  let sut: FacePipeline;
  let image: RgbImage;
  beforeAll(async () => {
    image = await decodeImageFile(PHOTO);
    sut = await loadNodePipeline({
      detector: join(MODELS_DIR, detector),
      recognizer: join(MODELS_DIR, recognizer),
      threads: 1,
    });
  });
  afterAll(() => sut.dispose());

  it('is recognised by sha256 and reports its id and dimension', () => {
    expect(sut.modelId).toBe(modelId);
    expect(sut.dim).toBe(dim);
    expect(sut.defaultThreshold).toBeGreaterThan(0.3);
  });

  it('embeds every face: unit length, identical when repeated, distinct across people', async () => {
    const faces = await sut.detect(image);
    const first = await sut.embedFaces(image, faces);
    const second = await sut.embedFaces(image, faces);
    expect(first).toHaveLength(6);
    first.forEach((embedding, i) => {
      expect(embedding).toHaveLength(dim);
      expect(Math.hypot(...embedding)).toBeCloseTo(1, 5);
      expect(Array.from(embedding)).toEqual(Array.from(second[i] as Float32Array));
    });
    for (let i = 1; i < first.length; i++) {
      expect(cosineSimilarity(first[0] as Float32Array, first[i] as Float32Array)).toBeLessThan(
        sut.defaultThreshold,
      );
    }
  });

  it('analyze embeds the faces that pass quality and explains the others', async () => {
    const analyzed = await sut.analyze(image);
    expect(analyzed).toHaveLength(6);
    for (const face of analyzed) {
      expect(face.embedding !== null).toBe(face.quality.ok);
      expect(face.quality.reasons.length === 0).toBe(face.quality.ok);
    }
    expect(analyzed.filter((f) => f.quality.ok).length).toBeGreaterThanOrEqual(4);
    expect((await sut.analyze(image, { embed: 'none' })).every((f) => f.embedding === null)).toBe(true);
  });
});

describe('Node (onnxruntime-node) vs WASM (onnxruntime-web) paths', () => {
  it.each([
    ['det_500m.onnx', 'faceplugin_fr_feature_512d.onnx'],
    ['face_detection_yunet_2026may.onnx', 'face-reidentification-retail-0095_fp16.onnx'],
  ])('%s + %s give the same faces and embeddings (cosine ≥ 0.999)', async (detector, recognizer) => {
    const image = await decodeImageFile(PHOTO);
    const node = await loadNodePipeline({ modelsDir: MODELS_DIR, detector, recognizer, threads: 1 });
    const web = await loadWebPipeline({
      detector: await readFile(join(MODELS_DIR, detector)),
      recognizer: await readFile(join(MODELS_DIR, recognizer)),
    });
    try {
      expect(web.modelId).toBe(node.modelId);
      const [nodeFaces, webFaces] = [
        await node.analyze(image, { embed: 'all' }),
        await web.analyze(image, { embed: 'all' }),
      ];
      expect(webFaces).toHaveLength(nodeFaces.length);
      const similarities = nodeFaces.map((face, i) => {
        const other = webFaces[i];
        expect(Math.abs((other?.box[0] ?? 0) - face.box[0])).toBeLessThan(1);
        return cosineSimilarity(face.embedding ?? [], other?.embedding ?? []);
      });
      console.info(
        `[node vs wasm] ${node.modelId}: lowest cosine ${Math.min(...similarities).toFixed(6)} over ${similarities.length} faces`,
      );
      for (const similarity of similarities) expect(similarity).toBeGreaterThanOrEqual(0.999);
    } finally {
      await Promise.all([node.dispose(), web.dispose()]);
    }
  });
});
