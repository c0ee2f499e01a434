import { setTimeout as sleep } from 'node:timers/promises';
import { ConfigError, loadConfigFromProcess } from './config.js';
import { createServer, type Server } from './server.js';

/** Entry point: config → server → listen; graceful shutdown on SIGINT/SIGTERM. */
async function main(): Promise<void> {
  const config = loadConfigFromProcess();
  const server = await createServer(config);
  process.once('SIGINT', () => void shutDown(server, 'SIGINT'));
  process.once('SIGTERM', () => void shutDown(server, 'SIGTERM'));
  await server.app.listen({ host: config.host, port: config.port });
  const address = server.app.server.address();
  const port = address && typeof address === 'object' ? address.port : config.port;
  server.app.log.info(
    { docs: `http://${config.host}:${port}/docs`, port, driver: server.db.driver },
    'server ready',
  );
}

/**
 * Readiness flips to 503 at once; after SHUTDOWN_DELAY_SECONDS (load balancers stop sending) the server stops
 * accepting connections, lets in-flight requests finish, closes WebSockets with 1001 "going away", then
 * closes the cache, relay bridge and database and exits 0. Past SHUTDOWN_TIMEOUT_SECONDS it exits 1.
 * A second signal ends the process at once (default signal handling).
 */
async function shutDown(server: Server, signal: string): Promise<void> {
  const { delayMs, timeoutMs } = server.config.shutdown;
  const log = server.app.log;
  log.info({ signal, delayMs, timeoutMs }, 'shutting down: not ready any more');
  server.beginShutdown();
  setTimeout(() => {
    log.error({ timeoutMs }, 'shutdown deadline passed; exiting with requests still open');
    process.exit(1);
  }, delayMs + timeoutMs).unref();
  if (delayMs > 0) await sleep(delayMs);
  try {
    await server.close();
    log.info('shut down cleanly');
    process.exit(0);
  } catch (error) {
    log.error({ err: error }, 'shutdown failed');
    process.exit(1);
  }
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(78);
  }
  console.error('server failed to start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
