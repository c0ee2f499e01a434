import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DetectedFace, FacePipeline, RgbImage } from '../src/index.js';
import { decodeImageFile, loadNodePipeline } from '../src/node/index.js';
import { FACES_DIR, MODELS_DIR } from './paths.fixture.js';

// Counts checked by eye on the photos (faces turned away from the camera in bbt2's background don't count).
const EXPECTED_COUNTS: Record<string, number> = {
  'bbt/bbt1.jpg': 4,
  'bbt/bbt2.jpg': 3,
  'bbt/bbt3.jpg': 5,
  'bbt/bbt4.jpg': 6,
  'bbt/bbt5.jpg': 5,
  'group/couple.jpg': 2,
};
// 7+ people, some cut off at the edges: 5 found at 320 px and 6 at 640 px, with no false positives.
const SELFIE = 'group/selfie-many-people.jpg';

const images = new Map<string, RgbImage>();

beforeAll(async () => {
  for (const file of [...Object.keys(EXPECTED_COUNTS), SELFIE]) {
    images.set(file, await decodeImageFile(join(FACES_DIR, file)));
  }
});

function expectSaneLandmarks(face: DetectedFace): void {
  const [x1, y1, x2, y2] = face.box;
  const [leftEye, rightEye, nose, leftMouth, rightMouth] = face.landmarks;
  expect(face.landmarks).toHaveLength(5);
  for (const [x, y] of face.landmarks) {
    expect(x).toBeGreaterThanOrEqual(x1);
    expect(x).toBeLessThanOrEqual(x2);
    expect(y).toBeGreaterThanOrEqual(y1);
    expect(y).toBeLessThanOrEqual(y2);
  }
  const eyeY = Math.max(leftEye?.[1] ?? 0, rightEye?.[1] ?? 0);
  expect(eyeY).toBeLessThan(Math.min(leftMouth?.[1] ?? 0, rightMouth?.[1] ?? 0));
  expect(leftEye?.[0]).toBeLessThan(rightEye?.[0] ?? 0);
  expect(leftMouth?.[0]).toBeLessThan(rightMouth?.[0] ?? 0);
  expect(nose?.[1]).toBeGreaterThan(eyeY - (y2 - y1) * 0.05);
}

describe.each([
  { detector: 'det_500m.onnx', detSize: 320, selfie: 5 },
  { detector: 'det_2.5g.onnx', detSize: 640, selfie: 6 },
  { detector: 'face_detection_yunet_2026may.onnx', detSize: 320, selfie: 5 },
])('detector $detector at $detSize', ({ detector, detSize, selfie }) => {
  let sut: FacePipeline;
  beforeAll(async () => {
    sut = await loadNodePipeline({ modelsDir: MODELS_DIR, detector, detSize, threads: 1 });
  });
  afterAll(() => sut.dispose());

  it.each(Object.entries(EXPECTED_COUNTS))('finds %s faces: %i', async (file, count) => {
    const faces = await sut.detect(images.get(file) as RgbImage);
    expect(faces).toHaveLength(count);
    faces.forEach(expectSaneLandmarks);
  });

  it(`finds ${selfie} faces in the crowded selfie`, async () => {
    const faces = await sut.detect(images.get(SELFIE) as RgbImage);
    expect(faces).toHaveLength(selfie);
    expect(faces.map((f) => f.score)).toEqual([...faces.map((f) => f.score)].sort((a, b) => b - a));
  });

  it('answers frames detected at once exactly as one by one (the input tensor is not shared)', async () => {
    // The detector writes its input in place; a detect() started while another one's run is pending
    // must not overwrite the tensor that run still reads.
    const frames = [...Object.keys(EXPECTED_COUNTS), SELFIE].map((file) => images.get(file) as RgbImage);
    const oneByOne = [];
    for (const frame of frames) oneByOne.push(await sut.detect(frame));
    expect(await Promise.all(frames.map((frame) => sut.detect(frame)))).toEqual(oneByOne);
  });

  it('finds nothing in a blank frame', async () => {
    expect(
      await sut.detect({ width: 320, height: 240, data: new Uint8Array(320 * 240 * 3).fill(128) }),
    ).toEqual([]);
  });
});
