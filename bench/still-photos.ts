/**
 * Still-photo detection benchmark: how many faces each way of detecting a photo finds, and how many photos
 * give an enrollment template (exactly one face passing the quality checks, or one clearly the largest),
 * per detector, on the shared photo sets — lfw-dev (250×250), the bbt face crops (150×150), ORL (92×112,
 * grayscale), two kinds of tight crop (lfw-dev's central 110×120, and the bbt crops enlarged 4× to 600×600
 * like a high-resolution badge photo) and the group photos (faces counted).
 *
 * Run: `npx tsx bench/still-photos.ts` (MODELS_DIR / FACES_DIR default to ../shared/...; PACKS
 * comma-separated, default faceplugin-512,open-256). Writes the "vision:still-photos" section of
 * bench/RESULTS.md (`BENCH_WRITE=0` prints only).
 */
import { cpus, loadavg } from 'node:os';
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AnalyzedFace, FacePipeline, RgbImage, StillPhotoOptions } from '@attendance/vision';
import { STILL_PHOTO_DEFAULTS } from '@attendance/vision';
import { decodeImageFile, loadNodePipeline } from '@attendance/vision/node';
import sharp from 'sharp';
import { writeResultsSection } from './results-section.js';

const SHARED = resolve(fileURLToPath(new URL('.', import.meta.url)), '..', '..', 'shared');
const FACES_DIR = process.env.FACES_DIR ?? join(SHARED, 'faces');
const MODELS_DIR = process.env.MODELS_DIR ?? join(SHARED, 'models');
const PACKS = (process.env.PACKS ?? 'faceplugin-512,open-256').split(',');

interface PhotoSet {
  name: string;
  files: string[];
  /** Turns the decoded photo into the image under test. */
  edit?: (image: RgbImage) => Promise<RgbImage>;
  /** Group photos: count faces instead of enrollment templates. */
  group?: boolean;
}

interface Way {
  name: string;
  /** The live path (`analyze` at the pipeline's input size), or a still-photo variant. */
  still: StillPhotoOptions | null;
}

const files = (dir: string, pattern: RegExp) =>
  readdirSync(dir, { recursive: true })
    .map(String)
    .filter((file) => pattern.test(file))
    .sort()
    .map((file) => join(dir, file));
const bbtCrops = readdirSync(join(FACES_DIR, 'bbt'), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .flatMap((entry) => files(join(FACES_DIR, 'bbt', entry.name), /\.png$/));

const SETS: PhotoSet[] = [
  { name: 'lfw-dev people (250×250)', files: files(join(FACES_DIR, 'lfw-dev/people'), /\.jpg$/) },
  { name: 'bbt face crops (150×150)', files: bbtCrops },
  { name: 'ORL (92×112)', files: files(join(FACES_DIR, 'orl'), /\.pgm$/) },
  {
    name: 'lfw-dev tight crop (110×120)',
    files: files(join(FACES_DIR, 'lfw-dev/people'), /\.jpg$/),
    edit: (image) => transform(image, (s) => s.extract({ left: 70, top: 70, width: 110, height: 120 })),
  },
  {
    name: 'bbt crops enlarged 4× (600×600)',
    files: bbtCrops,
    edit: (image) => transform(image, (s) => s.resize({ width: 600, kernel: 'lanczos3' })),
  },
  {
    name: 'group photos (faces found)',
    files: [...files(join(FACES_DIR, 'bbt'), /^bbt\d\.jpg$/), ...files(join(FACES_DIR, 'group'), /\.jpg$/)],
    group: true,
  },
];

const base = STILL_PHOTO_DEFAULTS;
const WAYS: Way[] = [
  { name: 'live path: 320, no padding, whole box inside', still: null },
  ...[160, 320, 640].map((size) => ({
    name: `${size}`,
    still: { ...base, padFraction: 0, sizes: [size], ownSizeUpTo: null },
  })),
  { name: 'own size (≤ 1280)', still: { ...base, padFraction: 0, sizes: [], ownSizeUpTo: 1280 } },
  { name: 'padded, 320', still: { ...base, sizes: [320], ownSizeUpTo: null } },
  { name: 'padded (edge pixels repeated), 320 + own size', still: { ...base, padFill: 'replicate' } },
  { name: '320 + own size, no padding', still: { ...base, padFraction: 0 } },
  { name: '**default**: padded, 320 + own size', still: base },
];

async function transform(image: RgbImage, edit: (s: sharp.Sharp) => sharp.Sharp): Promise<RgbImage> {
  const raw = { width: image.width, height: image.height, channels: 3 as const };
  const { data, info } = await edit(sharp(image.data, { raw })).raw().toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, data: new Uint8Array(data) };
}

const width = (face: AnalyzedFace) => face.box[2] - face.box[0];

/** The register command's rule: one passing face, or one at least 1.5× wider than the next. */
function givesTemplate(faces: readonly AnalyzedFace[]): boolean {
  const passing = faces.filter((face) => face.quality.ok).sort((a, b) => width(b) - width(a));
  const [largest, second] = passing;
  return largest !== undefined && (second === undefined || width(second) * 1.5 <= width(largest));
}

async function measure(pipeline: FacePipeline, set: PhotoSet, way: Way) {
  let found = 0;
  let templates = 0;
  let ms = 0;
  for (const file of set.files) {
    const decoded = await decodeImageFile(file);
    const image = set.edit ? await set.edit(decoded) : decoded;
    const started = performance.now();
    const faces = way.still
      ? await pipeline.analyzePhoto(image, { embed: 'none', still: way.still })
      : await pipeline.analyze(image, { embed: 'none' });
    ms += performance.now() - started;
    found += set.group ? faces.length : faces.length > 0 ? 1 : 0;
    if (givesTemplate(faces)) templates++;
  }
  return { found, templates, msPerPhoto: ms / set.files.length };
}

const lines: string[] = [];
for (const pack of PACKS) {
  const pipeline = await loadNodePipeline({ modelsDir: MODELS_DIR, pack, detSize: 320, threads: 2 });
  lines.push('', `### ${pack} (${pipeline.detector.spec.name} + ${pipeline.modelId})`, '');
  lines.push(
    `| detector input | ${SETS.map((set) => `${set.name}: ${set.group ? 'faces' : 'found / template'}`).join(' | ')} | ms / photo (lfw-dev) |`,
  );
  lines.push(`| --- | ${SETS.map(() => '---:').join(' | ')} | ---: |`);
  for (const way of WAYS) {
    const cells: string[] = [];
    let lfwMs = 0;
    for (const [index, set] of SETS.entries()) {
      const result = await measure(pipeline, set, way);
      if (index === 0) lfwMs = result.msPerPhoto;
      cells.push(
        set.group ? `${result.found}` : `${result.found} / ${result.templates} of ${set.files.length}`,
      );
    }
    lines.push(`| ${way.name} | ${cells.join(' | ')} | ${lfwMs.toFixed(0)} |`);
    console.error(lines.at(-1));
  }
  await pipeline.dispose();
}

await writeResultsSection('vision:still-photos', [
  '',
  '## Vision: still photos (enrollment) — faces found per detector input',
  '',
  `- Date: ${new Date().toISOString()}; CPU: ${cpus()[0]?.model ?? '?'} (${cpus().length} cores, shared); ` +
    `Node ${process.version}; load average at the end ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' / ')}.`,
  '- Command: `npx tsx bench/still-photos.ts` (2 ONNX Runtime threads).',
  '- "found" = photos where at least one face was detected; "template" = photos that give an enrollment',
  '  template (a face passing the quality checks, alone or clearly the largest). "Own size" = the (padded)',
  '  photo\'s longer side, capped at 1280; "padded" = a black border of a quarter of the longer side. Faces',
  '  found at two sizes are merged (NMS). Every still-photo row lets a face that fills half the photo be cut by its edge (landmarks',
  '  inside); the live path requires the whole box inside. The lfw-dev tight crops and the enlarged bbt',
  '  crops are made here from the shared photos (sharp).',
  ...lines,
  '',
]);
