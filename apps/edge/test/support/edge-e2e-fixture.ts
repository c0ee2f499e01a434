/**
 * @module The set-up the camera-agent e2e tests share: a temporary working directory, a real server with a
 * known admin key (in this process on PGlite, or as a separate process on a fresh PostgreSQL database when
 * a test stops and starts it), and the CLI's environment pointing at both and at the shared models.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'vitest';
import { createTestDatabase, startTestServer } from '../../../server/test/support/test-server.js';
import { TEST_DET_SIZE } from './face-fixtures.js';
import { ServerProcess, freePort } from './server-process.js';
import { MODELS_DIR } from './shared-fixtures.js';

export interface EdgeE2e {
  /** Temporary directory the CLI runs in; removed by `close()`. */
  workDir: string;
  baseUrl: string;
  adminKey: string;
  /** SERVER_URL, API_KEY (the admin key), MODELS_DIR, DET_SIZE, EDGE_DATA_DIR (`workDir/edge`), extras. */
  env: Record<string, string>;
  /** GET as admin; fails unless 200; the body parsed by `schema`. */
  get<T>(route: string, schema: { parse(value: unknown): T }): Promise<T>;
  close(): Promise<void>;
}

function fixture(
  workDir: string,
  server: { baseUrl: string; adminKey: string },
  env: Record<string, string>,
  close: () => Promise<void>,
): EdgeE2e {
  return {
    workDir,
    ...server,
    env: {
      SERVER_URL: server.baseUrl,
      API_KEY: server.adminKey,
      MODELS_DIR,
      DET_SIZE: String(TEST_DET_SIZE),
      EDGE_DATA_DIR: path.join(workDir, 'edge'),
      ...env,
    },
    async get(route, schema) {
      const response = await fetch(`${server.baseUrl}${route}`, {
        headers: { 'x-api-key': server.adminKey },
      });
      expect(response.status, route).toBe(200);
      return schema.parse(await response.json());
    },
    async close() {
      try {
        await close();
      } finally {
        rmSync(workDir, { recursive: true, force: true });
      }
    },
  };
}

/** The server in this process on an in-memory PGlite database (listening on a free port). */
export async function startEdgeE2e(name: string, env: Record<string, string> = {}): Promise<EdgeE2e> {
  const workDir = mkdtempSync(path.join(tmpdir(), `edge-${name}-`));
  try {
    // The server owns the model configuration: an edge on another pack than the server's stops at start.
    const pack = env['MODEL_PACK'];
    const serverEnv: Record<string, string> = pack ? { MODEL_PACK: pack } : {};
    const server = await startTestServer({ driver: 'pglite', listen: true, env: serverEnv });
    const baseUrl = server.baseUrl ?? '';
    return fixture(workDir, { baseUrl, adminKey: server.adminKey }, env, () => server.close());
  } catch (error) {
    rmSync(workDir, { recursive: true, force: true });
    throw error;
  }
}

/**
 * The real server as a child process (so a test can stop and start it) on a fresh PostgreSQL database,
 * with `serverEnv` added to its configuration (its DATA_DIR is `workDir/server`).
 */
export async function startEdgeE2eWithServerProcess(
  name: string,
  options: { adminKey: string; serverEnv?: Record<string, string>; env?: Record<string, string> },
): Promise<EdgeE2e & { server: ServerProcess }> {
  const workDir = mkdtempSync(path.join(tmpdir(), `edge-${name}-`));
  const database = await createTestDatabase('postgres');
  const server = new ServerProcess(await freePort(), {
    DATABASE_URL: database.url ?? '',
    API_KEY: options.adminKey,
    DATA_DIR: path.join(workDir, 'server'),
    ...options.serverEnv,
  });
  const close = async () => {
    await server.stop();
    await database.drop();
  };
  try {
    await server.start();
  } catch (error) {
    await close().catch(() => undefined);
    rmSync(workDir, { recursive: true, force: true });
    throw error;
  }
  const e2e = fixture(
    workDir,
    { baseUrl: server.baseUrl, adminKey: options.adminKey },
    options.env ?? {},
    close,
  );
  return { ...e2e, server };
}
