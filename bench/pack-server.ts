import { join } from 'node:path';
import { ServerProcess, freePort } from '../apps/server/test/support/server-process.js';

/**
 * The real server as its own process on embedded PGlite, serving one model pack, with its data under
 * `workDir`: what the edge and kiosk benchmarks measure against.
 */
export async function startPackServer(options: {
  pack: string;
  workDir: string;
  adminKey: string;
  modelsDir: string;
}): Promise<ServerProcess> {
  const server = new ServerProcess(await freePort(), {
    API_KEY: options.adminKey,
    DATA_DIR: join(options.workDir, `server-${options.pack}`),
    MODEL_PACK: options.pack,
    MODELS_DIR: options.modelsDir,
  });
  await server.start();
  return server;
}
