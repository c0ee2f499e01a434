import { existsSync } from 'node:fs';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import { securePrivateTree } from '../data-dir-permissions.js';
import { createLogger } from '../logger.js';

export interface ConfiguredProcess {
  logger: Logger;
  /** Makes the files the database and logs created in DATA_DIR private again (a worker thread cannot set the umask). */
  tightenDataDir: () => void;
}

/** Phase 1: the logger, the configuration's notices and a private DATA_DIR. */
export function configurePhase(config: Config, injectedLogger: Logger | undefined): ConfiguredProcess {
  const storesFiles = !config.databaseUrl || config.logToFile || !config.apiKey;
  const permissionFixes =
    storesFiles || existsSync(config.dataDir) ? securePrivateTree(config.dataDir) : null;
  const logger = injectedLogger ?? createLogger(config);
  for (const notice of config.notices) logger.warn(notice);
  if (permissionFixes && permissionFixes.tightened.length > 0) {
    logger.warn(
      {
        dataDir: config.dataDir,
        tightened: permissionFixes.tightened.length,
        examples: permissionFixes.tightened.slice(0, 5),
      },
      'DATA_DIR was open to other local users: tightened to 0700 directories and 0600 files',
    );
  }
  return {
    logger,
    tightenDataDir: () => {
      if (existsSync(config.dataDir)) securePrivateTree(config.dataDir);
    },
  };
}
