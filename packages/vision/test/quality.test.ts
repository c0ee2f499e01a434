import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnalyzedFace, FacePipeline, RgbImage } from '../src/index.js';
import { decodeImageFile, loadNodePipeline } from '../src/node/index.js';
import { FACES_DIR, MODELS_DIR } from './paths.fixture.js';

const PHOTO = join(FACES_DIR, 'lfw-dev/people/Ari_Fleischer/Ari_Fleischer_0001.jpg');

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
    sut = await loadNodePipeline({ modelsDir: MODELS_DIR, threads: 1 });
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
