import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { cosineSimilarity } from '@attendance/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FacePipeline, RgbImage } from '../src/index.js';
import { decodeImageFile, loadNodePipeline } from '../src/node/index.js';
import { FACES_DIR, MODELS_DIR } from './paths.fixture.js';

const LFW_DIR = join(FACES_DIR, 'lfw-dev');

/** Embedding of the face nearest the centre of an LFW photo (they are centred on the labelled person). */
export async function embedCentralFace(
  pipeline: FacePipeline,
  image: RgbImage,
): Promise<Float32Array | null> {
  const faces = await pipeline.detect(image);
  const distance = (box: readonly number[]) =>
    Math.hypot(
      ((box[0] ?? 0) + (box[2] ?? 0)) / 2 - image.width / 2,
      ((box[1] ?? 0) + (box[3] ?? 0)) / 2 - image.height / 2,
    );
  const central = faces.sort((a, b) => distance(a.box) - distance(b.box))[0];
  if (!central) return null;
  const [embedding] = await pipeline.embedFaces(image, [central]);
  return embedding ?? null;
}

export interface LfwScores {
  /** Per genuine probe: best similarity to its own person's templates and best to anyone else's. */
  genuine: { own: number; other: number }[];
  /** Per stranger: best similarity to any enrolled template. */
  strangers: number[];
  /** Photos where no face was found. */
  missed: number;
}

/** Enrolls the first 2 photos of each lfw-dev person; scores the other 4 and all strangers. */
export async function scoreLfwDev(pipeline: FacePipeline): Promise<LfwScores> {
  const people = (await readdir(join(LFW_DIR, 'people'))).sort();
  const templates: { person: string; embedding: Float32Array }[] = [];
  const probes: { person: string; embedding: Float32Array }[] = [];
  let missed = 0;
  for (const person of people) {
    const files = (await readdir(join(LFW_DIR, 'people', person))).sort();
    for (const [i, file] of files.entries()) {
      const embedding = await embedCentralFace(
        pipeline,
        await decodeImageFile(join(LFW_DIR, 'people', person, file)),
      );
      if (!embedding) missed++;
      else (i < 2 ? templates : probes).push({ person, embedding });
    }
  }
  const best = (embedding: Float32Array, accept: (person: string) => boolean) =>
    Math.max(
      -1,
      ...templates.filter((t) => accept(t.person)).map((t) => cosineSimilarity(embedding, t.embedding)),
    );
  const genuine = probes.map((p) => ({
    own: best(p.embedding, (x) => x === p.person),
    other: best(p.embedding, (x) => x !== p.person),
  }));
  const strangers: number[] = [];
  for (const file of (await readdir(join(LFW_DIR, 'strangers'))).sort()) {
    const embedding = await embedCentralFace(
      pipeline,
      await decodeImageFile(join(LFW_DIR, 'strangers', file)),
    );
    if (!embedding) missed++;
    else strangers.push(best(embedding, () => true));
  }
  return { genuine, strangers, missed };
}

/** Identification rate (own person best and above threshold) and stranger acceptance count. */
export function ratesAt(scores: LfwScores, threshold: number) {
  const identified = scores.genuine.filter((g) => g.own >= threshold && g.own > g.other).length;
  const strangersAccepted = scores.strangers.filter((s) => s >= threshold).length;
  return {
    identified,
    probes: scores.genuine.length,
    identifiedRate: identified / scores.genuine.length,
    strangersAccepted,
  };
}

/**
 * The lfw-dev acceptance check for one pack: every photo has a face, ≥ 98 % of probes are identified and
 * no stranger is accepted at the recognizer's default threshold. Prints the measured rates.
 */
export function describeLfwDevAcceptance(pack: string): void {
  describe(`lfw-dev identification with pack ${pack}`, () => {
    let sut: FacePipeline;
    beforeAll(async () => {
      sut = await loadNodePipeline({ modelsDir: MODELS_DIR, pack, threads: 1 });
    });
    afterAll(() => sut.dispose());

    it('identifies ≥ 98 % of probes and accepts no stranger at the default threshold', async () => {
      const scores = await scoreLfwDev(sut);
      const rates = ratesAt(scores, sut.defaultThreshold);
      const highestStranger = Math.max(...scores.strangers);
      console.info(
        `[lfw-dev] ${sut.modelId} threshold ${sut.defaultThreshold}: identified ${rates.identified}/${rates.probes} ` +
          `(${(100 * rates.identifiedRate).toFixed(1)} %), strangers accepted ${rates.strangersAccepted}/${scores.strangers.length} ` +
          `(highest stranger similarity ${highestStranger.toFixed(3)})`,
      );
      expect(scores.missed).toBe(0);
      expect(scores.strangers).toHaveLength(200);
      expect(rates.identifiedRate).toBeGreaterThanOrEqual(0.98);
      expect(rates.strangersAccepted).toBe(0);
    });
  });
}
