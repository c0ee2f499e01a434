import { parentPort } from 'node:worker_threads';
import { parseBulkBody } from './parse-bulk-body.js';

parentPort?.on('message', ({ id, bytes }: { id: number; bytes: Uint8Array }) => {
  parentPort?.postMessage({ id, parsed: parseBulkBody(bytes) });
});
