import { ConfigError, loadConfigFromProcess } from './config.js';
import { createServer } from './server.js';

/** Entry point: config → server → listen; graceful shutdown on SIGINT/SIGTERM. */
async function main(): Promise<void> {
  const config = loadConfigFromProcess();
  const server = await createServer(config);
  const shutdown = (signal: string) => {
    server.app.log.info({ signal }, 'shutting down');
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
  await server.app.listen({ host: config.host, port: config.port });
  server.app.log.info(
    { docs: `http://${config.host}:${config.port}/docs`, driver: server.db.driver },
    'server ready',
  );
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(78);
  }
  console.error('server failed to start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
