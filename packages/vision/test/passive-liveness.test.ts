import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEFAULT_LIVENESS_MODELS,
  DEFAULT_LIVENESS_THRESHOLD,
  DEFAULT_MIN_LIVENESS_FACE,
  type DetectedFace,
  type FacePipeline,
  type PassiveLiveness,
  type RgbImage,
} from '../src/index.js';
import { createPassiveLiveness, decodeImageFile, loadNodePipeline } from '../src/node/index.js';
import { createPassiveLiveness as createWebPassiveLiveness } from '../src/web/index.js';
import { FACES_DIR, MODELS_DIR } from './paths.fixture.js';
import { ALL_EFFECTS, phoneReplayFrame, smallFaceFrame } from './replay-frame.fixture.js';

const LFW = join(FACES_DIR, 'lfw-dev');
const BBT = join(FACES_DIR, 'bbt');

function centralFace(image: RgbImage, faces: DetectedFace[]): DetectedFace | undefined {
  const offCentre = (f: DetectedFace) =>
    Math.hypot((f.box[0] + f.box[2] - image.width) / 2, (f.box[1] + f.box[3] - image.height) / 2);
  return [...faces].sort((a, b) => offCentre(a) - offCentre(b))[0];
}

async function lfwPhotos(): Promise<string[]> {
  const paths: string[] = [];
  for (const person of (await readdir(join(LFW, 'people'))).sort()) {
    for (const file of (await readdir(join(LFW, 'people', person))).sort()) {
      paths.push(join(LFW, 'people', person, file));
    }
  }
  for (const file of (await readdir(join(LFW, 'strangers'))).sort()) paths.push(join(LFW, 'strangers', file));
  return paths;
}

describe('passive liveness (MiniFASNet pair) on real photos, default threshold and minimum face size', () => {
  let pipeline: FacePipeline;
  let sut: PassiveLiveness;
  beforeAll(async () => {
    [pipeline, sut] = await Promise.all([
      loadNodePipeline({ modelsDir: MODELS_DIR, pack: 'open-256', threads: 1 }),
      createPassiveLiveness({ modelsDir: MODELS_DIR, pack: 'open-256', threads: 1 }),
    ]);
  });
  afterAll(() => Promise.all([pipeline.dispose(), sut.dispose()]));

  it('uses the documented defaults and both models of the pair', () => {
    expect(sut.threshold).toBe(DEFAULT_LIVENESS_THRESHOLD);
    expect(sut.minFaceSize).toBe(DEFAULT_MIN_LIVENESS_FACE);
    expect(sut.modelNames).toEqual(['minifasnet-v2-2.7', 'minifasnet-v1se-4.0']);
  });

  it('judges most lfw-dev web photos (people and strangers) real', async () => {
    const counts = { real: 0, spoof: 0, too_small: 0, missed: 0 };
    for (const path of await lfwPhotos()) {
      const image = await decodeImageFile(path);
      const face = centralFace(image, await pipeline.detect(image));
      if (!face) counts.missed++;
      else counts[(await sut.check(image, face)).decision]++;
    }
    const judged = counts.real + counts.spoof + counts.too_small;
    console.log(
      `lfw-dev passive liveness: ${JSON.stringify(counts)}, real rate ${(counts.real / judged).toFixed(3)}`,
    );
    // Measured 2026-11-28: 340 real, 34 spoof, 6 too small of 380 (89.5 % real). These are photos of photos;
    // live camera frames are the real test.
    expect(judged).toBeGreaterThanOrEqual(375);
    expect(counts.real / judged).toBeGreaterThanOrEqual(0.85);
  }, 240_000);

  it('judges every bbt group-photo face real or, below the minimum size, too small — never spoof', async () => {
    const decisions: string[] = [];
    for (const file of ['bbt1.jpg', 'bbt2.jpg', 'bbt3.jpg', 'bbt4.jpg', 'bbt5.jpg']) {
      const image = await decodeImageFile(join(BBT, file));
      for (const face of await pipeline.detect(image)) {
        const result = await sut.check(image, face);
        decisions.push(`${result.decision}@${Math.round(face.box[2] - face.box[0])}`);
        const big = face.box[2] - face.box[0] >= DEFAULT_MIN_LIVENESS_FACE;
        expect(result.decision).toBe(big ? 'real' : 'too_small');
      }
    }
    console.log(`bbt group photos: ${decisions.join(' ')}`);
    expect(decisions.filter((d) => d.startsWith('real')).length).toBeGreaterThanOrEqual(10);
  }, 120_000);

  it('refuses a face shown small (≈ 40 px) in a 1280×720 frame as too small, never real', async () => {
    const photo = await decodeImageFile(
      join(
        LFW,
        'people',
        'Ben_Affleck',
        (await readdir(join(LFW, 'people', 'Ben_Affleck'))).sort()[0] as string,
      ),
    );
    const frame = await smallFaceFrame(photo, 0.45);
    const detector = await loadNodePipeline({
      modelsDir: MODELS_DIR,
      pack: 'open-256',
      detSize: 1280,
      threads: 1,
    });
    try {
      const face = centralFace(frame, await detector.detect(frame));
      expect(face, 'the small face is detected').toBeDefined();
      const width = (face as DetectedFace).box[2] - (face as DetectedFace).box[0];
      expect(width).toBeLessThan(60);
      const result = await sut.check(frame, face as DetectedFace);
      expect(result).toMatchObject({ decision: 'too_small', reason: 'come_closer' });
    } finally {
      await detector.dispose();
    }
  }, 120_000);

  it('scores a synthetic phone-screen replay low where the bezel is in the crop (prints the table)', async () => {
    const people = (await readdir(join(LFW, 'people'))).sort().slice(0, 10);
    const photos = await Promise.all(
      people.map(async (p) =>
        decodeImageFile(join(LFW, 'people', p, (await readdir(join(LFW, 'people', p))).sort()[0] as string)),
      ),
    );
    const rows: string[] = [
      '| screen height px | face px (mean) | mean score | max score | judged real |',
      '|---:|---:|---:|---:|---:|',
    ];
    const maxBySize = new Map<number, number>();
    for (const screenHeight of [160, 250, 400, 600]) {
      const scores: number[] = [];
      const widths: number[] = [];
      let real = 0;
      for (const photo of photos) {
        const { frame } = await phoneReplayFrame(photo, screenHeight, ALL_EFFECTS);
        const face = centralFace(frame, await pipeline.detect(frame));
        if (!face) continue;
        const result = await sut.check(frame, face);
        scores.push(result.score);
        widths.push(face.box[2] - face.box[0]);
        if (result.decision === 'real') real++;
      }
      const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);
      maxBySize.set(screenHeight, Math.max(...scores));
      rows.push(
        `| ${screenHeight} | ${mean(widths).toFixed(0)} | ${mean(scores).toFixed(3)} | ${Math.max(...scores).toFixed(3)} | ${real}/${scores.length} |`,
      );
    }
    console.log(`synthetic phone replay (bezel + glare + moiré), 1280×720 frame:\n${rows.join('\n')}`);
    // Measured: max 0.00 at screen heights 250 and 400 (faces ≈ 100 and 160 px, the bezel inside both crops).
    expect(maxBySize.get(250)).toBeLessThan(0.2);
    expect(maxBySize.get(400)).toBeLessThan(0.2);
  }, 180_000);
});

describe('passive liveness: Node (onnxruntime-node) vs WASM (onnxruntime-web)', () => {
  it('gives the same scores', async () => {
    const models = await Promise.all(DEFAULT_LIVENESS_MODELS.map((file) => readFile(join(MODELS_DIR, file))));
    const [pipeline, node, web] = await Promise.all([
      loadNodePipeline({ modelsDir: MODELS_DIR, pack: 'open-256', threads: 1 }),
      createPassiveLiveness({ modelsDir: MODELS_DIR, threads: 1 }),
      createWebPassiveLiveness({ models: models.map((b) => new Uint8Array(b)) }),
    ]);
    try {
      let compared = 0;
      for (const file of ['bbt4.jpg', 'bbt1.jpg']) {
        const image = await decodeImageFile(join(BBT, file));
        for (const face of await pipeline.detect(image)) {
          const [a, b] = [await node.score(image, face.box), await web.score(image, face.box)];
          expect(Math.abs(a - b)).toBeLessThan(1e-3);
          compared++;
        }
      }
      expect(compared).toBeGreaterThanOrEqual(8);
    } finally {
      await Promise.all([pipeline.dispose(), node.dispose(), web.dispose()]);
    }
  }, 120_000);
});
