// Plain JavaScript entry: a worker thread does not get the tsx loader of every parent process (a test
// runner's workers have their own), so it loads the TypeScript worker through tsx's API itself.
import { tsImport } from 'tsx/esm/api';

await tsImport('./bulk-body-worker-main.ts', import.meta.url);
