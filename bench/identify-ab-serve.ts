/**
 * One side of bench/identify-before-after.ts: copied into a source tree (as bench/.identify-ab-serve.ts) and
 * run there with that tree's code; starts its server on AB_DATABASE_URL, optionally seeding AB_SEED templates
 * first, and prints `listening <port>`. Only the APIs both trees share are used.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { loadConfig } from '../apps/server/src/config.js';
import { createServer } from '../apps/server/src/server.js';
import { seedTemplates } from './identify-seed.js';

const dataDir = mkdtempSync(path.join(tmpdir(), 'identify-ab-'));
const config = loadConfig({
  DATABASE_URL: process.env.AB_DATABASE_URL ?? '',
  DATA_DIR: dataDir,
  API_KEY: process.env.AB_API_KEY ?? '',
  LOG_LEVEL: 'silent',
  RATE_LIMIT_KEY_PER_MINUTE: '0',
});
const server = await createServer(config, { logger: pino({ level: 'silent' }) });
if (process.env.AB_SEED) {
  await seedTemplates(server.db, {
    model: process.env.AB_MODEL ?? '',
    dim: 512,
    total: Number(process.env.AB_SEED),
  });
}
await server.app.listen({ host: '127.0.0.1', port: 0 });
const address = server.app.server.address();
process.stdout.write(`listening ${String(address && typeof address === 'object' ? address.port : 0)}\n`);
process.once('SIGTERM', () => {
  void server.close().finally(() => {
    rmSync(dataDir, { recursive: true, force: true });
    process.exit(0);
  });
});
