import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { DatasetMeta } from './dataset.js';
import { exactTop1, type ExactTop } from './exact.js';
import type { Probe } from './probes.js';

/** Exact top-1 of the probes over a gallery prefix, computed once (it takes minutes at 1M) and cached. */
export async function cachedExactTop1(options: {
  dir: string;
  meta: DatasetMeta;
  size: number;
  probes: Probe[];
  resultsDir: string;
}): Promise<ExactTop[]> {
  const file = path.join(
    options.resultsDir,
    `exact-${options.meta.kind}-${options.size}-${options.probes.length}.json`,
  );
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as ExactTop[];
  const t0 = performance.now();
  const exact = await exactTop1(options.dir, options.meta.dim, options.size, options.probes);
  console.log(
    `exact search of ${options.probes.length} probes over ${options.size} templates: ${((performance.now() - t0) / 1000).toFixed(0)} s`,
  );
  mkdirSync(options.resultsDir, { recursive: true });
  writeFileSync(file, JSON.stringify(exact));
  return exact;
}
