import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnalyzedFace, FacePipeline, RgbImage } from '../src/index.js';
import { meanBrightness } from '../src/quality/image-statistics.js';
import { decodeImageFile, loadNodePipeline } from '../src/node/index.js';
import { FACES_DIR, MODELS_DIR } from './paths.fixture.js';

const PHOTO = join(FACES_DIR, 'lfw-dev/people/Ari_Fleischer/Ari_Fleischer_0001.jpg');
const BADGE = join(FACES_DIR, 'bbt/amy/amy1.png');

async function transform(image: RgbImage, edit: (s: sharp.Sharp) => sharp.Sharp): Promise<RgbImage> {
  const raw = { width: image.width, height: image.height, channels: 3 as const };
  const { data, info } = await edit(sharp(image.data, { raw })).raw().toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, data: new Uint8Array(data) };
}

describe('quality checks on real faces', () => {
  let sut: FacePipeline;
  let original: RgbImage;
  const centralFace = async (image: RgbImage): Promise<AnalyzedFace> => {
    const faces = await sut.analyze(image);
    const centre = (f: AnalyzedFace) => Math.abs((f.box[0] + f.box[2]) / 2 - image.width / 2);
    const face = faces.sort((a, b) => centre(a) - centre(b))[0];
    if (!face) throw new Error('no face found');
    return face;
  };

  beforeAll(async () => {
    // The edge case below relies on SCRFD-500M's box reaching past the frame; YuNet's box of that half face
    // stays inside the frame, so out_of_frame does not fire with the default pack (open-256).
    sut = await loadNodePipeline({ modelsDir: MODELS_DIR, pack: 'faceplugin-512', threads: 1 });
    original = await decodeImageFile(PHOTO);
  });
  afterAll(() => sut.dispose());

  it('passes the original photo and embeds it', async () => {
    const face = await centralFace(original);
    expect(face.quality).toMatchObject({ ok: true, reasons: [] });
    expect(face.embedding).toHaveLength(sut.dim);
  });

  it('flags a darkened copy as too_dark and does not embed it', async () => {
    const face = await centralFace(await transform(original, (s) => s.linear(0.2, 0)));
    expect(face.quality.reasons).toContain('too_dark');
    expect(face.quality.brightness).toBeLessThan(60);
    expect(face.embedding).toBeNull();
  });

  it('flags a blurred copy as blurry', async () => {
    const face = await centralFace(await transform(original, (s) => s.blur(3)));
    expect(face.quality.reasons).toEqual(['blurry']);
  });

  it('flags a tiny copy as too_small', async () => {
    const face = await centralFace(await transform(original, (s) => s.resize({ width: 100 })));
    expect(face.quality.reasons).toContain('too_small');
    expect(face.quality.faceWidth).toBeLessThan(60);
  });

  it('measures the brightness of the face, not of a dark background', async () => {
    const face = await centralFace(original);
    const [x1, y1, x2, y2] = face.box.map(Math.round) as [number, number, number, number];
    const data = original.data.map((value, i) => {
      const x = (i / 3) % original.width;
      const y = Math.floor(i / 3 / original.width);
      return x >= x1 && x < x2 && y >= y1 && y < y2 ? value : 0;
    });
    const darkBackground = { ...original, data };
    expect(meanBrightness(darkBackground)).toBeLessThan(60);
    const again = await centralFace(darkBackground);
    expect(again.quality.reasons).not.toContain('too_dark');
    expect(Math.abs(again.quality.brightness - face.quality.brightness)).toBeLessThan(5);
  });

  it('enrolls a tight face crop as a still photo, which the live path calls out of frame', async () => {
    const badge = await decodeImageFile(BADGE);
    const live = await sut.analyze(badge, { embed: 'none' });
    expect(live[0]?.quality.reasons).toContain('out_of_frame');
    const [face, ...others] = await sut.analyzePhoto(badge);
    expect(others).toHaveLength(0);
    expect(face?.quality).toMatchObject({ ok: true, reasons: [], failures: [] });
    expect(face?.embedding).toHaveLength(sut.dim);
    // In the photo's own coordinates: the eyes lie inside the 150×150 crop.
    for (const [x, y] of face?.landmarks ?? []) {
      expect(x).toBeGreaterThan(0);
      expect(x).toBeLessThan(badge.width);
      expect(y).toBeLessThan(badge.height);
    }
  });

  it('flags a face cut by the frame edge as out_of_frame', async () => {
    // The crop cuts through the face's left eye.
    const cropped = await transform(original, (s) =>
      s.extract({ left: 100, top: 0, width: 150, height: 250 }),
    );
    const faces = await sut.analyze(cropped, { embed: 'none' });
    expect(faces.length).toBeGreaterThan(0);
    expect(faces[0]?.quality.reasons).toContain('out_of_frame');
  });
});
