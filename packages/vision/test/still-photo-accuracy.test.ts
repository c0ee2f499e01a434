import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STILL_PHOTO_DEFAULTS, type FacePipeline } from '../src/index.js';
import { decodeImageFile, loadNodePipeline } from '../src/node/index.js';
import { FACES_DIR, MODELS_DIR } from './paths.fixture.js';
import { ReferencePipeline } from './reference-pipeline.fixture.js';
import { comparePipelines, type SetComparison } from './still-photo-comparison.fixture.js';
import { verificationSets } from './verification.fixture.js';

// Our still-photo path (mobilefacenet-128 pack: SCRFD-500M + MobileFaceNet-128) against a plain reference
// of the same models, on every pair of lfw-dev. Stage by stage: decoding, the warp and the embedding must
// equal the reference's; at the reference's detector geometry our landmarks must too; and the still-photo
// defaults must separate genuine from impostor pairs as well as the reference does.
const MINUTES = 60_000;

describe('still-photo path against the reference pipeline on lfw-dev', () => {
  let pipeline: FacePipeline;
  let reference: ReferencePipeline;
  let result: SetComparison;

  beforeAll(async () => {
    pipeline = await loadNodePipeline({ modelsDir: MODELS_DIR, pack: 'mobilefacenet-128', threads: 1 });
    reference = await ReferencePipeline.load(MODELS_DIR);
    const lfw = verificationSets(FACES_DIR).find((set) => set.name === 'lfw-dev');
    if (!lfw) throw new Error(`lfw-dev not found in ${join(FACES_DIR)}`);
    result = await comparePipelines(
      pipeline,
      reference,
      lfw,
      [
        { name: 'defaults', still: STILL_PHOTO_DEFAULTS },
        {
          name: "reference's geometry",
          still: { ...STILL_PHOTO_DEFAULTS, padFraction: 0, sizes: [640], ownSizeUpTo: null, refine: null },
        },
      ],
      decodeImageFile,
    );
    console.info(JSON.stringify({ ...result, ways: result.ways.map((way) => ({ ...way })) }));
  }, 30 * MINUTES);

  afterAll(async () => {
    await pipeline?.dispose();
    await reference?.release();
  });

  it('decodes, warps and embeds like the reference on the same landmarks', () => {
    expect(result.referenceMissed).toBe(0);
    expect(result.decodeMaxDiff).toBe(0);
    expect(result.warpMaxAbs).toBeLessThanOrEqual(1);
    expect(result.warpEmbeddingCosineMin).toBeGreaterThanOrEqual(0.9999);
  });

  it("finds the reference's landmarks and embeddings when detecting at the reference's geometry", () => {
    const same = result.ways[1];
    expect(same?.missed).toBe(0);
    expect(same?.landmarkPx.max).toBeLessThanOrEqual(0.5);
    expect(same?.cosine.min).toBeGreaterThanOrEqual(0.999);
  });

  it('with the still-photo defaults, lands near the reference landmarks and separates pairs as well as it does', () => {
    const ours = result.ways[0];
    if (!ours) throw new Error('no result for the defaults');
    expect(ours.missed).toBe(0);
    // Without landmark refinement: 1.71 px mean, cosine 0.985 mean, d′ 5.995 against the reference's 6.086.
    expect(ours.landmarkPx.mean).toBeLessThanOrEqual(1.4);
    expect(ours.cosine.mean).toBeGreaterThanOrEqual(0.989);
    expect(ours.ours.dPrime).toBeGreaterThanOrEqual(result.reference.dPrime - 0.05);
    expect(ours.ours.tarAtFar1e3).toBeGreaterThanOrEqual(result.reference.tarAtFar1e3 - 0.005);
    expect(ours.ours.eer).toBeLessThanOrEqual(result.reference.eer + 0.005);
  });
});
