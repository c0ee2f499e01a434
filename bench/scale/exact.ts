import { runTsWorker } from './worker.js';
import type { Probe } from './probes.js';

export interface ExactTop {
  person: number;
  similarity: number;
}

/** Exact top-1 person of each probe over the first `size` templates, in worker threads (outside the DB). */
export async function exactTop1(
  dir: string,
  dim: number,
  size: number,
  probes: Probe[],
  workers = 2,
): Promise<ExactTop[]> {
  const flat = new Float32Array(probes.length * dim);
  probes.forEach((p, i) => flat.set(p.embedding, i * dim));
  const per = Math.ceil(size / workers);
  const parts = await Promise.all(
    Array.from({ length: workers }, (_, w) =>
      runTsWorker<{ best: Float64Array; bestPerson: Int32Array }>(
        new URL('./exact-worker.ts', import.meta.url),
        {
          dir,
          dim,
          from: w * per,
          to: Math.min(size, (w + 1) * per),
          probes: flat,
        },
      ).then((part) => part ?? { best: new Float64Array(), bestPerson: new Int32Array() }),
    ),
  );
  return probes.map((_, q) => {
    let top: ExactTop = { person: -1, similarity: -2 };
    for (const part of parts) {
      if ((part.best[q] ?? -2) > top.similarity) {
        top = { person: part.bestPerson[q] ?? -1, similarity: part.best[q] ?? -2 };
      }
    }
    return top;
  });
}
