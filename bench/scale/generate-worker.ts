import { closeSync, openSync, writeSync } from 'node:fs';
import { workerData } from 'node:worker_threads';
import type { FaceModel } from './face-model.js';
import { SyntheticFaces, type DatasetKind } from './synthetic.js';

const job = workerData as {
  file: string;
  kind: DatasetKind;
  dim: number;
  seed: number;
  model?: FaceModel;
  from: number;
  to: number;
  templatesPerIdentity: number;
  firstTemplate: number;
};
const faces = new SyntheticFaces(job.kind, job.dim, job.seed, job.model);
const fd = openSync(job.file, 'r+');
const chunk = 1000;
const buffer = new Float32Array(chunk * job.templatesPerIdentity * job.dim);
for (let start = job.from; start < job.to; start += chunk) {
  const end = Math.min(job.to, start + chunk);
  let at = 0;
  for (let s = start; s < end; s++) {
    const centre = faces.centre(s);
    for (let j = 0; j < job.templatesPerIdentity; j++) {
      buffer.set(faces.sample(centre, s, j), at);
      at += job.dim;
    }
  }
  const offset = (job.firstTemplate + start * job.templatesPerIdentity) * job.dim * 4;
  writeSync(fd, new Uint8Array(buffer.buffer, 0, at * 4), 0, at * 4, offset);
}
closeSync(fd);
