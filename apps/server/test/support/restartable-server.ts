import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/config.js';
import { PgliteDatabase } from '../../src/db/pglite-database.js';
import { createServer } from '../../src/server.js';
import { captureWarnings, type CapturedLogLine } from './capture-logger.js';

/**
 * One embedded database and data directory that outlive the servers a test starts on them, for what a
 * server does at startup against data an earlier server left (startup warnings, settings).
 */
export class RestartableServer {
  readonly apiKey = 'sa_test_restartable_server_admin_key';

  private constructor(
    readonly db: PgliteDatabase,
    private readonly dataDir: string,
  ) {}

  static async open(): Promise<RestartableServer> {
    return new RestartableServer(
      await PgliteDatabase.open(),
      mkdtempSync(path.join(tmpdir(), 'attendance-restartable-')),
    );
  }

  /** Starts a server with `env` on the shared database; answers it and its warnings that contain `topic`. */
  async start<Line extends CapturedLogLine>(env: Record<string, string>, topic: string) {
    const { logger, warnings } = captureWarnings<Line>(topic);
    const config = loadConfig({ DATA_DIR: this.dataDir, API_KEY: this.apiKey, LOG_FILE: 'false', ...env });
    return { server: await createServer(config, { db: this.db, logger }), warnings };
  }

  async close(): Promise<void> {
    await this.db.close();
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}
