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
}

export const TEMPLATES_PER_IDENTITY = 3;
export const SYNTHETIC_SEED = 20261128;

export function datasetDir(root: string, kind: DatasetKind): string {
  return path.join(root, 'datasets', kind);
}

export function readMeta(dir: string): DatasetMeta {
  return JSON.parse(readFileSync(path.join(dir, 'meta.json'), 'utf8')) as DatasetMeta;
}

/** Generates (once) a dataset of at least `total` templates; worker threads generate the synthetic part. */
export async function ensureDataset(options: {
  root: string;
  kind: DatasetKind;
  total: number;
  realFacesFile: string;
}): Promise<DatasetMeta> {
  const dir = datasetDir(options.root, options.kind);
  if (existsSync(path.join(dir, 'meta.json')) && readMeta(dir).total >= options.total) return readMeta(dir);
  mkdirSync(dir, { recursive: true });
  const dim = 512;
  const real = loadRealFaces(options.realFacesFile);
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
  return meta;
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
