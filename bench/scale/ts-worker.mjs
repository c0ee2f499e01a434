// Worker threads do not inherit tsx's loader on Node 20: this plain-JS entry loads the TypeScript worker.
import { workerData } from 'node:worker_threads';
import { tsImport } from 'tsx/esm/api';

await tsImport(workerData.script, import.meta.url);
