import { setTimeout as sleep } from 'node:timers/promises';
import { ConfigError, loadConfigFromProcess } from './config.js';
import { usePrivateUmask } from './data-dir-permissions.js';
import { explainStartupDatabaseError } from './db/retry-until-available.js';
import { startServer, type StartingServer } from './server.js';
import { readServerArgs } from './cli/server-help.js';
import { SERVER_VERSION } from './version.js';

let shuttingDown = false;

/**
 * Entry point: config → server → listen; graceful shutdown on SIGINT/SIGTERM. With the database reachable
 * it listens once migrated, as always. If PostgreSQL is unreachable, it listens anyway (liveness 200,
 * readiness 503 with a reason, data routes 503 `database_unavailable`) and keeps retrying; an error retrying
 * cannot fix (authentication, a missing database or pgvector) ends the process with exit code 1.
 */
async function main(): Promise<void> {
  const invocation = readServerArgs(process.argv.slice(2), SERVER_VERSION);
  if (invocation.kind !== 'start') {
    const out = invocation.kind === 'print' ? process.stdout : process.stderr;
    out.write(`${invocation.text}\n`, () => process.exit(invocation.exitCode));
    return;
  }
  const config = loadConfigFromProcess();
  usePrivateUmask();
  const server = await startServer(config);
  process.once('SIGINT', () => void shutDown(server, 'SIGINT'));
  process.once('SIGTERM', () => void shutDown(server, 'SIGTERM'));
  const connected = await Promise.race([server.ready.then(() => true), server.waiting.then(() => false)]);
  await server.app.listen({ host: config.host, port: config.port });
  const address = server.app.server.address();
  const port = address && typeof address === 'object' ? address.port : config.port;
  const announce = () =>
    server.app.log.info(
      { docs: `http://${config.host}:${port}/docs`, port, driver: server.db.driver },
      'server ready',
    );
  if (connected) return announce();
  server.app.log.warn({ port }, 'listening while the database is unreachable; data routes answer 503');
  server.ready.then(announce, (error: unknown) => {
    if (shuttingDown) return;
    server.app.log.fatal({ code: (error as { code?: unknown }).code }, 'database startup failed');
    console.error(`server failed to start: ${explainStartupDatabaseError(error)}`);
    process.exit(1);
  });
}

/**
 * Readiness flips to 503 at once; after SHUTDOWN_DELAY_SECONDS (load balancers stop sending) the server stops
 * accepting connections, lets in-flight requests finish, closes WebSockets with 1001 "going away", then
 * closes the cache, relay bridge and database and exits 0. Past SHUTDOWN_TIMEOUT_SECONDS it exits 1.
 * A second signal ends the process at once (default signal handling).
 */
async function shutDown(server: StartingServer, signal: string): Promise<void> {
  shuttingDown = true;
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
  if (shuttingDown) return; // a signal during startup: shutDown() ends the process
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(78);
  }
  console.error(`server failed to start: ${explainStartupDatabaseError(error)}`);
  process.exit(1);
});
