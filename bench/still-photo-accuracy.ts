/**
 * Recognition accuracy of the still-photo path (SCRFD-500M + MobileFaceNet-128) against a plain reference
 * implementation of the same models (packages/vision/test/reference-pipeline.fixture.ts: InsightFace's
 * SCRFD `detect` at 640, Umeyama, OpenCV-convention bilinear warp), stage by stage, and the verification
 * metrics over every pair of lfw-dev (30 × 6), ORL (40 × 10) and the bbt crops (8 × 5).
 *
 * Run: `npx tsx bench/still-photo-accuracy.ts` (MODELS_DIR / FACES_DIR default to ../shared/...). Writes the
 * "vision:still-photo-accuracy" section of bench/RESULTS.md (`BENCH_WRITE=0` prints only). Accuracy does
 * not depend on the machine's load.
 */
import { cpus } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { STILL_PHOTO_DEFAULTS } from '@attendance/vision';
import { decodeImageFile, loadNodePipeline, onnxRuntimeVersion } from '@attendance/vision/node';
import { ReferencePipeline } from '../packages/vision/test/reference-pipeline.fixture.js';
import {
  comparePipelines,
  type Spread,
  type Way,
} from '../packages/vision/test/still-photo-comparison.fixture.js';
import { verificationSets, type VerificationMetrics } from '../packages/vision/test/verification.fixture.js';
import { writeResultsSection } from './results-section.js';

const SHARED = resolve(fileURLToPath(new URL('.', import.meta.url)), '..', '..', 'shared');
const FACES_DIR = process.env.FACES_DIR ?? join(SHARED, 'faces');
const MODELS_DIR = process.env.MODELS_DIR ?? join(SHARED, 'models');

const WAYS: Way[] = [
  { name: 'before: padded, 320 + own size', still: { ...STILL_PHOTO_DEFAULTS, refine: null } },
  {
    name: '**now**: the same + landmarks re-detected at 640 on a cut 2.25× the face',
    still: STILL_PHOTO_DEFAULTS,
  },
  {
    name: "ours at the reference's geometry (640, unpadded)",
    still: { ...STILL_PHOTO_DEFAULTS, padFraction: 0, sizes: [640], ownSizeUpTo: null, refine: null },
  },
];

const percent = (value: number) => (100 * value).toFixed(2);
const metricCells = (m: VerificationMetrics) =>
  [
    m.dPrime.toFixed(3),
    (m.genuineMean - m.impostorMean).toFixed(4),
    percent(m.tarAtFar1e3),
    percent(m.tarAtFar1e2),
    percent(m.eer),
  ].join(' | ');
const spreadCell = (s: Spread, digits: number) =>
  `${s.mean.toFixed(digits)} / ${s.p95.toFixed(digits)} / ${s.max.toFixed(digits)}`;

const pipeline = await loadNodePipeline({ modelsDir: MODELS_DIR, pack: 'mobilefacenet-128', threads: 2 });
const reference = await ReferencePipeline.load(MODELS_DIR);
const lines: string[] = [];
for (const set of verificationSets(FACES_DIR)) {
  const result = await comparePipelines(pipeline, reference, set, WAYS, decodeImageFile);
  const first = result.reference;
  if (first.genuinePairs === 0 || first.impostorPairs === 0) {
    lines.push(
      '',
      `### ${set.name}: no pairs to compare`,
      '',
      `The reference finds no face in ${result.leftOut} of ${result.photos} photos, so it has no genuine and ` +
        'impostor pairs to score; this set is measured for our pipeline alone in the still-photos section.',
    );
    continue;
  }
  lines.push(
    '',
    `### ${set.name}: ${first.genuinePairs} genuine / ${first.impostorPairs} impostor pairs` +
      (result.leftOut
        ? ` (${result.leftOut} of ${result.photos} photos left out: no face found by the reference)`
        : ''),
    '',
    `Stages on the reference's own landmarks: decoded pixels differ by at most ${result.decodeMaxDiff} grey levels; ` +
      `our warp differs from the reference's by ${result.warpMeanAbs.toFixed(4)} on average, at most ${result.warpMaxAbs}; ` +
      `embedding cosine ours vs reference at least ${result.warpEmbeddingCosineMin.toFixed(5)}.`,
    '',
    '| pipeline | d′ | mean gap | TAR @ FAR 1e-3 (%) | TAR @ FAR 1e-2 (%) | EER (%) | landmarks vs reference, px (mean / p95 / max) | cosine vs reference (mean / min) |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    `| reference (640, flip averaged) | ${metricCells(result.reference)} | — | — |`,
    `| reference without flip averaging | ${metricCells(result.referenceNoFlip)} | — | — |`,
    ...result.ways.map(
      (way) =>
        `| ${way.name} | ${metricCells(way.ours)} | ${spreadCell(way.landmarkPx, 2)} | ${way.cosine.mean.toFixed(4)} / ${way.cosine.min.toFixed(4)} |`,
    ),
  );
  console.error(lines.slice(-8).join('\n'));
}
await pipeline.dispose();
await reference.release();

await writeResultsSection('vision:still-photo-accuracy', [
  '',
  '## Vision: still-photo recognition accuracy against a reference pipeline (SCRFD-500M + MobileFaceNet-128)',
  '',
  `- Date: ${new Date().toISOString()}; CPU: ${cpus()[0]?.model ?? '?'} (${cpus().length} cores); Node ${process.version}; ` +
    `ONNX Runtime ${onnxRuntimeVersion()}. Accuracy figures, independent of load.`,
  '- Command: `npx tsx bench/still-photo-accuracy.ts`. Reference: `packages/vision/test/reference-pipeline.fixture.ts`',
  "  (sharp decoding, InsightFace's SCRFD `detect` at 640 × 640 with OpenCV's `resize` convention, Umeyama in float64,",
  "  OpenCV `warpAffine`'s bilinear inverse mapping, the photo padded only where no face is found unpadded).",
  '- All pairs of each set; the face nearest the photo centre; every pipeline on the same photos. d′ =',
  '  (μ genuine − μ impostor) / √((σ²g + σ²i) / 2); TAR at the threshold that lets the given share of impostor pairs',
  "  through; our embeddings with flip averaging (the pack's setting).",
  ...lines,
  '',
]);
