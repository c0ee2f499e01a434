import type { Cluster } from './cluster.js';
import type { DatasetKind } from './synthetic.js';

/** What every phase of bench/scale.ts is given: where the data lives, which galleries, which dataset. */
export interface ScaleOptions {
  root: string;
  sizes: number[];
  kind: DatasetKind;
  realFacesFile: string;
  resultsDir: string;
}

/** Phases that talk to the bench's PostgreSQL cluster. */
export interface ClusterScaleOptions extends ScaleOptions {
  cluster: Cluster;
}
