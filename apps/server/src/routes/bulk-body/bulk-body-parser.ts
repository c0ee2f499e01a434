import { Worker } from 'node:worker_threads';
import type { ParsedBulkBody } from './parse-bulk-body.js';

const WORKER_FILE = new URL('./bulk-body.worker.mjs', import.meta.url);

/**
 * Parses and validates bulk import bodies on one worker thread, so a maximal body (tens of MB of JSON
 * number arrays: JSON.parse and schema validation take seconds on a loaded 2-core machine) never blocks the
 * event loop that answers identifies and health checks. The worker starts on the first body and stays; if
 * it dies (out of memory), the bodies it held are refused and the next body starts a new one.
 */
export class BulkBodyParser {
  #worker: Worker | undefined;
  #nextId = 0;
  readonly #pending = new Map<
    number,
    { resolve: (parsed: ParsedBulkBody) => void; reject: (e: Error) => void }
  >();

  parse(bytes: Uint8Array): Promise<ParsedBulkBody> {
    const worker = this.#worker ?? this.#start();
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      worker.postMessage({ id, bytes });
    });
  }

  async close(): Promise<void> {
    const worker = this.#worker;
    this.#worker = undefined;
    await worker?.terminate();
  }

  #start(): Worker {
    const worker = new Worker(WORKER_FILE);
    worker.unref();
    worker.on('message', ({ id, parsed }: { id: number; parsed: ParsedBulkBody }) => {
      this.#pending.get(id)?.resolve(parsed);
      this.#pending.delete(id);
    });
    const fail = (error: Error) => {
      if (this.#worker === worker) this.#worker = undefined;
      for (const { reject } of this.#pending.values()) reject(error);
      this.#pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`bulk body worker exited with ${String(code)}`)));
    this.#worker = worker;
    return worker;
  }
}
