import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  readSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import path from 'node:path';
import { fitFaceModel, type FaceModel } from './face-model.js';
import type { DatasetKind } from './synthetic.js';
import { loadRealFaces } from './real-faces.js';
import { runTsWorker } from './worker.js';

/**
 * A gallery on disk: `gallery.f32` (templates × dim little-endian float32, unit length), `owners.i32` (person
 * index of each template) and `meta.json`. Persons 0…realPersons−1 are the real faces, the rest synthetic
 * identities (templatesPerIdentity each). A gallery of N templates is the first N of the file, so one file
 * serves every scale.
 */
export interface DatasetMeta {
  kind: DatasetKind;
  dim: number;
  seed: number;
  templatesPerIdentity: number;
  total: number;
  persons: number;
  realPersons: number;
  realTemplates: number;
  /** `face` datasets: the generator's parameters fitted to the real faces (face-model.json beside meta.json). */
  model?: FaceModel;
}

export const TEMPLATES_PER_IDENTITY = 3;
export const SYNTHETIC_SEED = 20261128;

export function datasetDir(root: string, kind: DatasetKind): string {
  return path.join(root, 'datasets', kind);
}

export function readMeta(dir: string): DatasetMeta {
  const meta = JSON.parse(readFileSync(path.join(dir, 'meta.json'), 'utf8')) as DatasetMeta;
  const model = path.join(dir, MODEL_FILE);
  if (existsSync(model)) meta.model = JSON.parse(readFileSync(model, 'utf8')) as FaceModel;
  return meta;
}

const MODEL_FILE = 'face-model.json';

/** Generates (once) a dataset of at least `total` templates; worker threads generate the synthetic part. */
export async function ensureDataset(options: {
  root: string;
  kind: DatasetKind;
  total: number;
  realFacesFile: string;
}): Promise<DatasetMeta> {
  const dir = datasetDir(options.root, options.kind);
  if (existsSync(path.join(dir, 'meta.json'))) {
    const existing = readMeta(dir);
    // A face dataset from before the fitted generator (no model) is regenerated.
    const current = options.kind !== 'face' || existing.model !== undefined;
    if (current && existing.total >= options.total) return existing;
  }
  mkdirSync(dir, { recursive: true });
  const dim = 512;
  const real = loadRealFaces(options.realFacesFile);
  let model: FaceModel | undefined;
  if (options.kind === 'face') {
    const fit = fitFaceModel(real);
    model = fit.model;
    writeFileSync(path.join(dir, MODEL_FILE), JSON.stringify(model));
    writeFileSync(
      path.join(dir, 'fit.json'),
      `${JSON.stringify({ real: fit.real, synthetic: fit.synthetic }, null, 2)}\n`,
    );
    console.log(`fitted the face generator to ${fit.real.count} real embeddings (${dir}/fit.json)`);
  }
  const realTemplates = real.gallery.reduce((n, p) => n + p.templates.length, 0);
  const identities = Math.ceil((options.total - realTemplates) / TEMPLATES_PER_IDENTITY);
  const total = realTemplates + identities * TEMPLATES_PER_IDENTITY;
  const gallery = openSync(path.join(dir, 'gallery.f32'), 'w');
  const owners = new Int32Array(total);
  let at = 0;
  real.gallery.forEach((person, p) => {
    for (const template of person.templates) {
      writeSync(gallery, new Uint8Array(template.buffer), 0, dim * 4, at * dim * 4);
      owners[at++] = p;
    }
  });
  for (let s = 0; s < identities; s++) {
    for (let j = 0; j < TEMPLATES_PER_IDENTITY; j++) {
      owners[realTemplates + s * TEMPLATES_PER_IDENTITY + j] = real.gallery.length + s;
    }
  }
  closeSync(gallery);
  const started = performance.now();
  const workers = 2;
  const per = Math.ceil(identities / workers);
  await Promise.all(
    Array.from({ length: workers }, (_, w) =>
      runWorker({
        file: path.join(dir, 'gallery.f32'),
        kind: options.kind,
        dim,
        seed: SYNTHETIC_SEED,
        model,
        from: w * per,
        to: Math.min(identities, (w + 1) * per),
        templatesPerIdentity: TEMPLATES_PER_IDENTITY,
        firstTemplate: realTemplates,
      }),
    ),
  );
  writeFileSync(path.join(dir, 'owners.i32'), new Uint8Array(owners.buffer));
  const meta: DatasetMeta = {
    kind: options.kind,
    dim,
    seed: SYNTHETIC_SEED,
    templatesPerIdentity: TEMPLATES_PER_IDENTITY,
    total,
    persons: real.gallery.length + identities,
    realPersons: real.gallery.length,
    realTemplates,
  };
  writeFileSync(path.join(dir, 'meta.json'), `${JSON.stringify(meta, null, 2)}\n`);
  console.log(
    `generated ${options.kind} dataset: ${total} templates in ${((performance.now() - started) / 1000).toFixed(0)} s`,
  );
  return { ...meta, model };
}

const runWorker = (data: Record<string, unknown>) =>
  runTsWorker(new URL('./generate-worker.ts', import.meta.url), data);

/** Reads templates [from, to) of a dataset as one Float32Array. */
export function readTemplates(dir: string, dim: number, from: number, to: number): Float32Array {
  const fd = openSync(path.join(dir, 'gallery.f32'), 'r');
  try {
    const out = new Float32Array((to - from) * dim);
    const bytes = new Uint8Array(out.buffer);
    let done = 0;
    while (done < bytes.length) {
      const n = readSync(fd, bytes, done, Math.min(1 << 30, bytes.length - done), from * dim * 4 + done);
      if (n <= 0) throw new Error('dataset file is shorter than its meta.json says');
      done += n;
    }
    return out;
  } finally {
    closeSync(fd);
  }
}

export function readOwners(dir: string): Int32Array {
  const buffer = readFileSync(path.join(dir, 'owners.i32'));
  return new Int32Array(buffer.buffer, buffer.byteOffset, buffer.byteLength / 4);
}
