import type { DetectedFace, FacePipeline, RgbImage, StillPhotoOptions } from '../src/index.js';
import { decodePicture, type Landmarks, type ReferencePipeline } from './reference-pipeline.fixture.js';
import {
  pairScores,
  verificationMetrics,
  type VerificationMetrics,
  type VerificationSet,
} from './verification.fixture.js';

/** One way of running our still-photo path. */
export interface Way {
  name: string;
  still: StillPhotoOptions;
}

export interface Spread {
  mean: number;
  /** The 95th percentile. */
  p95: number;
  max: number;
}

export interface WayComparison {
  name: string;
  /** Photos where our path found no face. */
  missed: number;
  /** Distance between our and the reference's landmark, px in the photo, over all 5 points of all photos. */
  landmarkPx: Spread;
  /** Cosine between our embedding and the reference's (both with flip averaging), per photo. */
  cosine: Spread & { min: number };
  ours: VerificationMetrics;
  /** Our landmarks, the reference's warp and embedding: what our detection alone costs. */
  ourLandmarksReferenceWarp: VerificationMetrics;
}

export interface SetComparison {
  set: string;
  photos: number;
  /** Photos left out of every metric because one of the pipelines found no face. */
  leftOut: number;
  referenceMissed: number;
  /** Largest difference between our decoded pixels and the reference's (grey levels). */
  decodeMaxDiff: number;
  /** Our warp against the reference's, on the reference's landmarks: mean and largest grey-level difference. */
  warpMeanAbs: number;
  warpMaxAbs: number;
  /** Cosine between our align + embed and the reference's on the reference's landmarks (min over photos). */
  warpEmbeddingCosineMin: number;
  reference: VerificationMetrics;
  referenceNoFlip: VerificationMetrics;
  /** The reference's landmarks, our warp and embedding. */
  referenceLandmarksOurWarp: VerificationMetrics;
  ways: WayComparison[];
}

const dot = (a: Float32Array, b: Float32Array) =>
  a.reduce((sum, value, i) => sum + value * (b[i] as number), 0);

function spread(values: number[]): Spread & { min: number } {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    mean: values.reduce((sum, v) => sum + v, 0) / values.length,
    p95: sorted[Math.floor(0.95 * (sorted.length - 1))] ?? NaN,
    max: sorted.at(-1) ?? NaN,
    min: sorted[0] ?? NaN,
  };
}

/** The face whose box centre is nearest the photo's centre (the labelled person in these sets). */
function central<T extends { box: readonly number[] }>(faces: readonly T[], width: number, height: number) {
  const distance = ({ box }: T) =>
    Math.hypot(
      ((box[0] as number) + (box[2] as number)) / 2 - width / 2,
      ((box[1] as number) + (box[3] as number)) / 2 - height / 2,
    );
  return [...faces].sort((a, b) => distance(a) - distance(b))[0];
}

const asDetected = (landmarks: Landmarks): DetectedFace => ({ box: [0, 0, 1, 1], score: 1, landmarks });

/**
 * Runs our still-photo path (each way) and the reference on every photo of `set`, and compares them stage
 * by stage: decoded pixels, landmarks, the aligned crop, the embedding, and the pair metrics.
 */
export async function comparePipelines(
  pipeline: FacePipeline,
  reference: ReferencePipeline,
  set: VerificationSet,
  ways: readonly Way[],
  decode: (path: string) => Promise<RgbImage>,
): Promise<SetComparison> {
  const n = set.photos.length;
  const refEmbeddings: (Float32Array | null)[] = [];
  const refNoFlip: (Float32Array | null)[] = [];
  const refLandmarksOurWarp: (Float32Array | null)[] = [];
  const refLandmarks: (Landmarks | null)[] = [];
  const images: RgbImage[] = [];
  let [decodeMaxDiff, warpSum, warpMaxAbs, warpCosineMin] = [0, 0, 0, 1];
  for (const photo of set.photos) {
    const [picture, image] = [await decodePicture(photo.path), await decode(photo.path)];
    images.push(image);
    picture.data.forEach(
      (v, i) => (decodeMaxDiff = Math.max(decodeMaxDiff, Math.abs(v - (image.data[i] as number)))),
    );
    const face = central(await reference.detectPhoto(picture), picture.width, picture.height);
    refLandmarks.push(face?.landmarks ?? null);
    if (!face) {
      refEmbeddings.push(null);
      refNoFlip.push(null);
      refLandmarksOurWarp.push(null);
      continue;
    }
    const aligned = reference.align(picture, face.landmarks);
    const embedding = await reference.embed(aligned, true);
    refEmbeddings.push(embedding);
    refNoFlip.push(await reference.embed(aligned, false));
    const [ourAligned] = pipeline.alignFaces(image, [asDetected(face.landmarks)]) as [RgbImage];
    let sum = 0;
    ourAligned.data.forEach((v, i) => {
      const diff = Math.abs(v - (aligned.data[i] as number));
      sum += diff;
      warpMaxAbs = Math.max(warpMaxAbs, diff);
    });
    warpSum += sum / ourAligned.data.length;
    const [ourEmbedding] = (await pipeline.recognizer.embed([ourAligned])) as [Float32Array];
    refLandmarksOurWarp.push(ourEmbedding);
    warpCosineMin = Math.min(warpCosineMin, dot(ourEmbedding, embedding));
  }

  const wayRuns: {
    way: Way;
    ours: (Float32Array | null)[];
    ourLandmarksRefWarp: (Float32Array | null)[];
    distances: number[];
    cosines: number[];
  }[] = [];
  for (const way of ways) {
    const ours: (Float32Array | null)[] = [];
    const ourLandmarksRefWarp: (Float32Array | null)[] = [];
    const distances: number[] = [];
    const cosines: number[] = [];
    for (const [i, photo] of set.photos.entries()) {
      const image = images[i] as RgbImage;
      const faces = await pipeline.analyzePhoto(image, { embed: 'all', still: way.still });
      const face = central(faces, image.width, image.height);
      ours.push(face?.embedding ?? null);
      if (!face?.embedding) {
        ourLandmarksRefWarp.push(null);
        continue;
      }
      const picture = await decodePicture(photo.path);
      const landmarks = face.landmarks.map<[number, number]>(([x, y]) => [x, y]);
      ourLandmarksRefWarp.push(await reference.embed(reference.align(picture, landmarks), true));
      const theirs = refLandmarks[i];
      const refEmbedding = refEmbeddings[i];
      if (!theirs || !refEmbedding) continue;
      landmarks.forEach(([x, y], k) => distances.push(Math.hypot(x - theirs[k]![0], y - theirs[k]![1])));
      cosines.push(dot(face.embedding, refEmbedding));
    }
    wayRuns.push({ way, ours, ourLandmarksRefWarp, distances, cosines });
  }

  // Every metric over the same photos: those where every pipeline found a face.
  const kept = set.photos.map(
    (_, i) => refEmbeddings[i] !== null && wayRuns.every((run) => run.ours[i] !== null),
  );
  const persons = set.photos.map((photo) => photo.person);
  const metrics = (embeddings: (Float32Array | null)[]) =>
    verificationMetrics(
      pairScores(
        persons,
        embeddings.map((e, i) => (kept[i] ? e : null)),
      ),
    );
  const refFound = refEmbeddings.filter(Boolean).length;
  return {
    set: set.name,
    photos: n,
    leftOut: kept.filter((k) => !k).length,
    referenceMissed: n - refFound,
    decodeMaxDiff,
    warpMeanAbs: warpSum / Math.max(1, refFound),
    warpMaxAbs,
    warpEmbeddingCosineMin: warpCosineMin,
    reference: metrics(refEmbeddings),
    referenceNoFlip: metrics(refNoFlip),
    referenceLandmarksOurWarp: metrics(refLandmarksOurWarp),
    ways: wayRuns.map((run) => ({
      name: run.way.name,
      missed: run.ours.filter((e) => e === null).length,
      landmarkPx: spread(run.distances),
      cosine: spread(run.cosines),
      ours: metrics(run.ours),
      ourLandmarksReferenceWarp: metrics(run.ourLandmarksRefWarp),
    })),
  };
}
