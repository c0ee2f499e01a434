/**
 * Vision benchmark: ms per frame for detection (320 and 640), per face for align + embed and for passive
 * liveness, on 2 CPU threads, with ONNX Runtime's own `session.run` time measured in the same run. Every
 * frame is timed on its own: the table gives the median frame and the mean over all frames (which one
 * stall of a shared machine can move).
 *
 * Run: `BENCH_ITERATIONS=200 npx tsx bench/vision.ts` (MODELS_DIR / FACES_DIR default to ../shared/...).
 * It prints its table; the Vision section of bench/RESULTS.md is written by hand from it.
 */
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FacePipeline, RgbImage } from '@attendance/vision';
import {
  createPassiveLiveness,
  decodeImageBuffer,
  decodeImageFile,
  loadNodePipeline,
} from '@attendance/vision/node';
import sharp from 'sharp';

const SHARED = resolve(fileURLToPath(new URL('.', import.meta.url)), '..', '..', 'shared');
const FACES_DIR = process.env.FACES_DIR ?? join(SHARED, 'faces');
const MODELS_DIR = process.env.MODELS_DIR ?? join(SHARED, 'models');
const FRAME = join(FACES_DIR, 'bbt', 'bbt4.jpg'); // 710×473, 6 faces
const THREADS = 2;
// Steady state, as a camera that runs all day sees it: V8 optimises the decoders only after 50–300 calls.
const WARMUP = Number(process.env.BENCH_WARMUP ?? 60);
const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 40);
const loadAtStart = loadavg();

/** One frame (or face): wall time and ONNX Runtime's run time within it. */
interface Sample {
  totalMs: number;
  runMs: number;
}

interface Timing {
  /** The median frame's wall time and ONNX Runtime's run time in it. */
  totalMs: number;
  runMs: number;
  /** Mean wall time over all frames. */
  meanMs: number;
}

interface Row extends Timing {
  what: string;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
};

function summarize(samples: readonly Sample[]): Timing {
  return {
    totalMs: median(samples.map((s) => s.totalMs)),
    runMs: median(samples.map((s) => s.runMs)),
    meanMs: samples.reduce((total, s) => total + s.totalMs, 0) / samples.length,
  };
}

/** Times `work` frame by frame, after warm-up; `runMs` reads the model's accumulated run time. */
async function sampleFrames(work: () => Promise<unknown>, runMs: () => number, per: number): Promise<Timing> {
  for (let i = 0; i < WARMUP; i++) await work();
  const samples: Sample[] = [];
  for (let i = 0; i < ITERATIONS; i++) {
    const runBefore = runMs();
    const start = performance.now();
    await work();
    samples.push({ totalMs: (performance.now() - start) / per, runMs: (runMs() - runBefore) / per });
  }
  return summarize(samples);
}

const measure = (
  pipeline: FacePipeline,
  work: () => Promise<unknown>,
  per: number,
  pick: 'detector' | 'recognizer',
) => sampleFrames(work, () => pipeline.timings()[pick].ms, per);

async function benchPack(pack: string, frame: RgbImage, cameraFrame: RgbImage, rows: Row[]): Promise<void> {
  for (const detSize of [320, 640]) {
    const pipeline = await loadNodePipeline({ modelsDir: MODELS_DIR, pack, detSize, threads: THREADS });
    try {
      const detection = await measure(pipeline, () => pipeline.detect(frame), 1, 'detector');
      rows.push({ what: `detect ${pipeline.detector.spec.name} @${detSize} (per frame)`, ...detection });
      if (detSize === 640) {
        const camera = await measure(pipeline, () => pipeline.detect(cameraFrame), 1, 'detector');
        rows.push({
          what: `detect ${pipeline.detector.spec.name} @640, 640×480 camera frame (no resize)`,
          ...camera,
        });
      }
      if (detSize === 320) {
        const faces = await pipeline.detect(frame);
        const embedding = await measure(
          pipeline,
          () => pipeline.embedFaces(frame, faces),
          faces.length,
          'recognizer',
        );
        rows.push({
          what: `align+embed ${pipeline.modelId} (per face, ${faces.length} faces/frame)`,
          ...embedding,
        });
      }
    } finally {
      await pipeline.dispose();
    }
  }
}

const frame = await decodeImageFile(FRAME);
const rows: Row[] = [];
// A camera-sized frame: at detector size 640 it needs no resize, only normalisation and padding.
const cameraFrame = await decodeImageBuffer(
  await sharp(FRAME).resize(640, 480, { fit: 'cover' }).jpeg().toBuffer(),
);
for (const pack of ['faceplugin-512', 'mobilefacenet-128', 'open-256']) {
  await benchPack(pack, frame, cameraFrame, rows);
}
await benchLiveness(frame, rows);

/** Passive liveness per face: two wide crops, 80×80 resize, two MiniFASNet runs. */
async function benchLiveness(image: RgbImage, into: Row[]): Promise<void> {
  const pipeline = await loadNodePipeline({ modelsDir: MODELS_DIR, pack: 'open-256', threads: THREADS });
  const liveness = await createPassiveLiveness({ modelsDir: MODELS_DIR, threads: THREADS });
  try {
    const faces = await pipeline.detect(image);
    const check = async () => {
      for (const face of faces) await liveness.check(image, face);
    };
    into.push({
      what: `passive liveness ${liveness.modelNames.join(' + ')} (per face, ${faces.length} faces/frame)`,
      ...(await sampleFrames(check, () => liveness.runTiming().ms, faces.length)),
    });
  } finally {
    await Promise.all([pipeline.dispose(), liveness.dispose()]);
  }
}

const loadText = (load: number[]) => load.map((l) => l.toFixed(1)).join(' ');
console.log(
  `load average ${loadText(loadAtStart)} at the start, ${loadText(loadavg())} at the end of the run`,
);
console.log(
  `frame ${FRAME} (${frame.width}×${frame.height}), ${THREADS} intra-op threads, ${ITERATIONS} iterations after ${WARMUP} warm-up`,
);
console.log('| step | median frame ms | ORT session.run ms (median frame) | mean ms |');
console.log('|---|---:|---:|---:|');
for (const { what, totalMs, runMs, meanMs } of rows) {
  console.log(`| ${what} | ${totalMs.toFixed(2)} | ${runMs.toFixed(2)} | ${meanMs.toFixed(2)} |`);
}
