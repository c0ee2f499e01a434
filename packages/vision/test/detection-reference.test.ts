import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DetectedFace, FacePipeline, RgbImage } from '../src/index.js';
import { letterboxReference } from '../src/image/letterbox.js';
import { decodeImageFile, loadNodePipeline } from '../src/node/index.js';
import { FACES_DIR, MODELS_DIR } from './paths.fixture.js';

// The detector (WASM letterbox, WASM anchor selection, flat candidates, argmax NMS) against a straight JS
// reference of the same pipeline (JS letterbox, a full scan of every anchor, stable sort NMS), on the same
// ONNX Runtime session: the faces must be the same. The WASM letterbox resizes in fixed point (within half
// a grey level of the reference), which moves scores by up to ~2e-4 and boxes by a few hundredths of a pixel.
const PHOTOS = ['bbt/bbt1.jpg', 'bbt/bbt4.jpg', 'group/couple.jpg', 'group/selfie-many-people.jpg'];

function iou(a: DetectedFace['box'], b: DetectedFace['box']): number {
  const width = Math.min(a[2], b[2]) - Math.max(a[0], b[0]);
  const height = Math.min(a[3], b[3]) - Math.max(a[1], b[1]);
  if (width <= 0 || height <= 0) return 0;
  const intersection = width * height;
  return intersection / ((a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - intersection);
}

/** Every anchor decoded (SCRFD or YuNet, as documented in shared/models/README.md), in model coordinates. */
function decodeAll(pipeline: FacePipeline, outputs: Record<string, { data: Float32Array }>): DetectedFace[] {
  const { spec, inputSize, session } = pipeline.detector;
  const [width] = inputSize;
  const faces: DetectedFace[] = [];
  const data = (name: string) => (outputs[name] as { data: Float32Array }).data;
  for (const [level, stride] of [8, 16, 32].entries()) {
    const columns = Math.ceil(width / stride);
    if (spec.type === 'yunet') {
      const [cls, obj, bbox, kps] = ['cls', 'obj', 'bbox', 'kps'].map((k) => data(`${k}_${stride}`));
      for (let i = 0; i < (cls as Float32Array).length; i++) {
        const clip = (v: number) => Math.min(1, Math.max(0, v));
        const score = Math.sqrt(clip(cls?.[i] as number) * clip(obj?.[i] as number));
        if (score < 0.6) continue;
        const [col, row] = [i % columns, Math.floor(i / columns)];
        const b = (k: number) => bbox?.[i * 4 + k] as number;
        const [cx, cy] = [(col + b(0)) * stride, (row + b(1)) * stride];
        const [hw, hh] = [(Math.exp(b(2)) * stride) / 2, (Math.exp(b(3)) * stride) / 2];
        const landmarks = [0, 1, 2, 3, 4].map(
          (k) =>
            [
              (col + (kps?.[i * 10 + 2 * k] as number)) * stride,
              (row + (kps?.[i * 10 + 2 * k + 1] as number)) * stride,
            ] as const,
        );
        faces.push({ box: [cx - hw, cy - hh, cx + hw, cy + hh], score, landmarks });
      }
    } else {
      const names = session.outputs.map((o) => o.name);
      const [scores, boxes, points] = [level, level + 3, level + 6].map((k) => data(names[k] as string));
      const anchors = Math.round(
        (scores as Float32Array).length / (columns * Math.ceil(inputSize[1] / stride)),
      );
      for (let i = 0; i < (scores as Float32Array).length; i++) {
        const score = scores?.[i] as number;
        if (score < 0.5) continue;
        const cell = Math.floor(i / anchors);
        const [cx, cy] = [(cell % columns) * stride, Math.floor(cell / columns) * stride];
        const b = (k: number) => (boxes?.[i * 4 + k] as number) * stride;
        const landmarks = [0, 1, 2, 3, 4].map(
          (k) =>
            [
              cx + (points?.[i * 10 + 2 * k] as number) * stride,
              cy + (points?.[i * 10 + 2 * k + 1] as number) * stride,
            ] as const,
        );
        faces.push({ box: [cx - b(0), cy - b(1), cx + b(2), cy + b(3)], score, landmarks });
      }
    }
  }
  return faces;
}

async function referenceDetect(pipeline: FacePipeline, image: RgbImage): Promise<DetectedFace[]> {
  const { spec, inputSize, session } = pipeline.detector;
  const { tensor, scale } = letterboxReference(image, inputSize[0], inputSize[1], spec.pixels);
  const outputs = await session.run({ [session.inputs[0]?.name ?? 'input']: tensor });
  const kept: DetectedFace[] = [];
  for (const face of decodeAll(pipeline, outputs).sort((a, b) => b.score - a.score)) {
    if (kept.every((other) => iou(other.box, face.box) <= 0.4)) kept.push(face);
  }
  return kept.map((f) => ({
    box: f.box.map((v) => v / scale) as DetectedFace['box'],
    score: f.score,
    landmarks: f.landmarks.map(([x, y]) => [x / scale, y / scale] as const),
  }));
}

const images = new Map<string, RgbImage>();
beforeAll(async () => {
  for (const file of PHOTOS) images.set(file, await decodeImageFile(join(FACES_DIR, file)));
});

describe.each([
  { detector: 'det_500m.onnx', detSize: 320 },
  { detector: 'det_500m.onnx', detSize: 640 },
  { detector: 'face_detection_yunet_2026may.onnx', detSize: 320 },
  { detector: 'face_detection_yunet_2026may.onnx', detSize: 640 },
])('$detector at $detSize', ({ detector, detSize }) => {
  let pipeline: FacePipeline;
  beforeAll(async () => {
    pipeline = await loadNodePipeline({ modelsDir: MODELS_DIR, detector, detSize, threads: 1 });
  });
  afterAll(() => pipeline.dispose());

  it.each(PHOTOS)('%s: same faces as the JS reference pipeline', async (file) => {
    const image = images.get(file) as RgbImage;
    const faces = await pipeline.detect(image);
    const reference = await referenceDetect(pipeline, image);
    expect(faces.length).toBeGreaterThan(0);
    expect(faces).toHaveLength(reference.length);
    faces.forEach((face, i) => {
      const ref = reference[i] as DetectedFace;
      expect(Math.abs(face.score - ref.score)).toBeLessThan(1e-3);
      face.box.forEach((v, k) => expect(Math.abs(v - (ref.box[k] as number))).toBeLessThan(0.05));
      face.landmarks.forEach(([x, y], k) => {
        expect(Math.abs(x - (ref.landmarks[k]?.[0] as number))).toBeLessThan(0.05);
        expect(Math.abs(y - (ref.landmarks[k]?.[1] as number))).toBeLessThan(0.05);
      });
    });
  });
});
