import { parentPort, workerData } from 'node:worker_threads';
import { readOwners, readTemplates } from './dataset.js';

/** Exact nearest template (cosine = dot of unit vectors) for every probe over templates [from, to). */
const job = workerData as { dir: string; dim: number; from: number; to: number; probes: Float32Array };
const owners = readOwners(job.dir);
const count = job.probes.length / job.dim;
const best = new Float64Array(count).fill(-2);
const bestPerson = new Int32Array(count).fill(-1);
const chunk = 20_000;
for (let start = job.from; start < job.to; start += chunk) {
  const end = Math.min(job.to, start + chunk);
  const templates = readTemplates(job.dir, job.dim, start, end);
  for (let q = 0; q < count; q++) {
    const qo = q * job.dim;
    for (let t = 0; t < end - start; t++) {
      const to = t * job.dim;
      let s = 0;
      for (let d = 0; d < job.dim; d++) s += job.probes[qo + d]! * templates[to + d]!;
      if (s > best[q]!) {
        best[q] = s;
        bestPerson[q] = owners[start + t]!;
      }
    }
  }
}
parentPort?.postMessage({ best, bestPerson });
