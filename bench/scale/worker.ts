import { Worker } from 'node:worker_threads';

/** Runs a TypeScript worker module (`script`, a file URL) with `data`; resolves with its first message. */
export function runTsWorker<T>(script: URL, data: Record<string, unknown>): Promise<T | undefined> {
  return new Promise((resolve, reject) => {
    let result: T | undefined;
    const worker = new Worker(new URL('./ts-worker.mjs', import.meta.url), {
      workerData: { ...data, script: script.href },
    });
    worker.once('message', (message: T) => (result = message));
    worker.once('error', reject);
    worker.once('exit', (code) =>
      code === 0 ? resolve(result) : reject(new Error(`worker exited with ${code}`)),
    );
  });
}
