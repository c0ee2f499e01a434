import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cosineSimilarity } from '@attendance/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FacePipeline } from '../src/index.js';
import { INTEL_REID_CONVERTED_SHA256 } from '@attendance/models';
import { sha256Hex } from '@attendance/models';
import {
  convertIrToOnnx,
  decodeImageFile,
  loadNodePipeline,
  UnsupportedIrOperationError,
} from '../src/node/index.js';
import { decodeOnnxModel } from '../src/node/openvino-ir/onnx-schema.js';
import { FACES_DIR, MODELS_DIR } from './paths.fixture.js';

const IR = join(MODELS_DIR, 'openvino-ir', 'face-reidentification-retail-0095');
const LFW_DIR = join(FACES_DIR, 'lfw-dev');
const NAMES = { inputNames: ['input'], outputNames: ['embedding'] } as const;

async function lfwPhotos(): Promise<{ person: string | null; path: string }[]> {
  const photos: { person: string | null; path: string }[] = [];
  for (const person of (await readdir(join(LFW_DIR, 'people'))).sort()) {
    for (const file of (await readdir(join(LFW_DIR, 'people', person))).sort()) {
      photos.push({ person, path: join(LFW_DIR, 'people', person, file) });
    }
  }
  for (const file of (await readdir(join(LFW_DIR, 'strangers'))).sort()) {
    photos.push({ person: null, path: join(LFW_DIR, 'strangers', file) });
  }
  return photos;
}

/** Best-matching person among the first 2 photos of each (the templates), or null below the threshold. */
function identities(
  embeddings: { person: string | null; index: number; embedding: Float32Array }[],
  threshold: number,
): (string | null)[] {
  const templates = embeddings.filter((e) => e.person !== null && e.index < 2);
  return embeddings
    .filter((e) => !templates.includes(e))
    .map((probe) => {
      let best = { person: null as string | null, score: -1 };
      for (const t of templates) {
        const score = cosineSimilarity(probe.embedding, t.embedding);
        if (score > best.score) best = { person: t.person, score };
      }
      return best.score >= threshold ? best.person : null;
    });
}

describe('OpenVINO IR → ONNX conversion of face-reidentification-retail-0095', () => {
  let xml: string;
  let bin: Uint8Array;
  let converted: Uint8Array;
  let dir: string;
  let reference: FacePipeline;
  let fromIr: FacePipeline;

  beforeAll(async () => {
    xml = await readFile(`${IR}.xml`, 'utf8');
    bin = new Uint8Array(await readFile(`${IR}.bin`));
    converted = convertIrToOnnx(xml, bin, NAMES);
    dir = await mkdtemp(join(tmpdir(), 'ir-onnx-'));
    await writeFile(join(dir, 'converted.onnx'), converted);
    const common = { modelsDir: MODELS_DIR, pack: 'open-256', threads: 1 } as const;
    reference = await loadNodePipeline(common);
    fromIr = await loadNodePipeline({ ...common, recognizer: join(dir, 'converted.onnx') });
  });
  afterAll(async () => {
    await Promise.all([reference?.dispose(), fromIr?.dispose()]);
    await rm(dir, { recursive: true, force: true });
  });

  it('writes the same bytes every time, with the recorded sha256', async () => {
    expect(await sha256Hex(converted)).toBe(INTEL_REID_CONVERTED_SHA256);
    expect(Buffer.compare(convertIrToOnnx(xml, bin, NAMES), converted)).toBe(0);
  });

  it('writes a valid ONNX graph: FP16 weights kept, dynamic batch, the pack’s input and output names', () => {
    const model = decodeOnnxModel(converted) as {
      opsetImport: { version: number }[];
      graph: {
        node: { opType: string }[];
        initializer: { dataType: number }[];
        input: { name: string; type: { tensorType: { shape: { dim: object[] } } } }[];
        output: { name: string }[];
      };
    };
    expect(model.opsetImport[0]?.version).toBe(13);
    expect(model.graph.input.map((i) => i.name)).toEqual(['input']);
    expect(model.graph.output.map((o) => o.name)).toEqual(['embedding']);
    expect(model.graph.input[0]?.type.tensorType.shape.dim).toEqual([
      { dimParam: 'N' },
      { dimValue: 3 },
      { dimValue: 128 },
      { dimValue: 128 },
    ]);
    const ops = new Set(model.graph.node.map((n) => n.opType));
    expect([...ops].sort()).toEqual(
      ['Add', 'AveragePool', 'Cast', 'Conv', 'Identity', 'Mul', 'PRelu', 'Reshape', 'Sigmoid'].sort(),
    );
    expect(model.graph.initializer.filter((t) => t.dataType === 10).length).toBe(209);
  });

  it('reproduces the reference ONNX on every lfw-dev face (cosine ≥ 0.9999) under the same model id; identification unchanged', async () => {
    expect(fromIr.modelId).toBe(reference.modelId);
    expect(fromIr.defaultThreshold).toBe(reference.defaultThreshold);
    expect(fromIr.dim).toBe(256);
    const ours: { person: string | null; index: number; embedding: Float32Array }[] = [];
    const theirs: typeof ours = [];
    let lowest = 1;
    const seen = new Map<string | null, number>();
    for (const photo of await lfwPhotos()) {
      const image = await decodeImageFile(photo.path);
      const faces = await reference.detect(image);
      expect(faces.length).toBeGreaterThan(0);
      const [a, b] = await Promise.all([reference.embedFaces(image, faces), fromIr.embedFaces(image, faces)]);
      for (const [i, embedding] of a.entries()) {
        const other = b[i];
        if (!embedding || !other) throw new Error(`no embedding for ${photo.path}`);
        lowest = Math.min(lowest, cosineSimilarity(embedding, other));
      }
      const index = seen.get(photo.person) ?? 0;
      seen.set(photo.person, index + 1);
      // The face nearest the centre is the labelled person (LFW photos are centred on them).
      const centre = (box: readonly number[]) =>
        Math.hypot(
          ((box[0] ?? 0) + (box[2] ?? 0)) / 2 - image.width / 2,
          ((box[1] ?? 0) + (box[3] ?? 0)) / 2 - image.height / 2,
        );
      const central = faces.indexOf([...faces].sort((x, y) => centre(x.box) - centre(y.box))[0]!);
      ours.push({ person: photo.person, index, embedding: b[central]! });
      theirs.push({ person: photo.person, index, embedding: a[central]! });
    }
    console.info(
      `[ir→onnx] ${ours.length} lfw-dev photos: lowest per-face cosine to the reference ${lowest}`,
    );
    expect(lowest).toBeGreaterThanOrEqual(0.9999);
    const threshold = reference.defaultThreshold;
    const expected = identities(theirs, threshold);
    expect(identities(ours, threshold)).toEqual(expected);
    expect(expected.filter((p) => p !== null).length).toBeGreaterThan(100);
  }, 300_000); // 380 photos through a detector and two recognizers: a minute on 2 loaded cores

  it('refuses an IR with an operation outside the supported set, naming it', () => {
    const withSwish = xml.replace('type="Sigmoid"', 'type="Swish"');
    expect(() => convertIrToOnnx(withSwish, bin)).toThrow(UnsupportedIrOperationError);
    expect(() => convertIrToOnnx(withSwish, bin)).toThrow(/operation Swish \(layer [^)]+\) is not supported/);
  });

  it('refuses a .bin that does not belong to the .xml, and a file that is not IR', () => {
    expect(() => convertIrToOnnx(xml, bin.subarray(0, 1000))).toThrow(/wrong \.bin file/);
    expect(() => convertIrToOnnx('<model/>', bin)).toThrow(/no <net><layers>/);
  });
});
