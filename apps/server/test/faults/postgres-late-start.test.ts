import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ErrorBodySchema, ReadinessSchema } from '@attendance/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUnitVector } from '../support/embeddings.js';
import { ServerProcess, freePort } from '../support/server-process.js';
import { TEST_DATABASE_URL } from '../support/test-server.js';
import { startThrowawayPostgres, type ThrowawayPostgres } from '../support/throwaway-postgres.js';
import { eventually } from './support/agent-fleet.js';

const ADMIN_KEY = 'sa_late_pg_admin_key_0123456789ab';
const STARTUP_LINE = 'database unreachable at startup; retrying';

/** The server started before PostgreSQL: it listens, answers 503 with reasons, retries, then serves. */
describe('server started while PostgreSQL is down', () => {
  let postgres: ThrowawayPostgres;
  let server: ServerProcess;
  let workDir: string;

  beforeAll(async () => {
    workDir = mkdtempSync(path.join(tmpdir(), 'late-pg-'));
    postgres = await startThrowawayPostgres();
    await postgres.stop(); // its port is known and nothing listens on it
    server = new ServerProcess(await freePort(), {
      DATABASE_URL: postgres.url,
      API_KEY: ADMIN_KEY,
      DATA_DIR: path.join(workDir, 'server'),
      LOG_LEVEL: 'info',
      DB_RETRY_MAX_SECONDS: '1',
      DB_UNAVAILABLE_LOG_SECONDS: '2',
    });
    await server.start();
  });

  afterAll(async () => {
    await server.stop();
    await postgres.destroy();
    rmSync(workDir, { recursive: true, force: true });
  });

  const get = (route: string) =>
    fetch(
      `${server.baseUrl}${route}`,
      route.startsWith('/v1/') ? { headers: { 'x-api-key': ADMIN_KEY } } : {},
    );

  it('stays alive, is not ready (with a reason), refuses data routes with Retry-After, then connects, migrates and serves', async () => {
    expect((await get('/health/live')).status).toBe(200);
    const notReady = await get('/health/ready');
    expect(notReady.status).toBe(503);
    const readiness = ReadinessSchema.parse(await notReady.json());
    expect(readiness.status).toBe('down');
    expect(readiness.reason).toMatch(/^waiting for the database \(startup, \d+ failed attempts\)$/);
    expect(readiness.database.status).toBe('down');

    const refused = await get('/v1/people');
    const refusedText = await refused.text();
    expect(refused.status, refusedText).toBe(503);
    expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(ErrorBodySchema.parse(JSON.parse(refusedText)).error.code).toBe('database_unavailable');
    expect(refusedText).not.toMatch(/ECONNREFUSED|stack/);

    // Backoff capped at 1 s: about 6 attempts in 5 s, but at most one log line per 2 s.
    await new Promise((resolve) => setTimeout(resolve, 5000));
    const startupLines = server.logs.split('\n').filter((line) => line.includes(STARTUP_LINE));
    const attempts = startupLines.map((line) => (JSON.parse(line) as { attempt: number }).attempt);
    expect(startupLines.length).toBeGreaterThanOrEqual(2);
    expect(startupLines.length).toBeLessThanOrEqual(4);
    expect(attempts.at(-1)).toBeGreaterThan(startupLines.length); // attempts happened between the lines
    expect(server.logs).toContain('listening while the database is unreachable');
    const pid = server.pid;

    await postgres.start();
    const ready = await eventually(async () => (await get('/health/ready')).status === 200, 30_000, 250);
    expect(ready, server.logs).toBe(true);
    expect(server.pid).toBe(pid);
    expect(server.logs).toContain('server ready');

    const created = await fetch(`${server.baseUrl}/v1/people`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': ADMIN_KEY },
      body: JSON.stringify({
        name: 'Late Start',
        templates: { model: 'default-512', embeddings: [randomUnitVector(512)] },
      }),
    });
    expect(created.status, await created.clone().text()).toBe(201);
    expect((await get('/v1/people')).status).toBe(200);
    expect(server.logs).not.toMatch(/request failed|"stack"/);
  }, 120_000);
});

/** Errors retrying cannot fix still end the process at once, with a message saying what to fix. */
describe('server start with a database configuration error', () => {
  const startWith = async (databaseUrl: string) => {
    const workDir = mkdtempSync(path.join(tmpdir(), 'bad-pg-'));
    const server = new ServerProcess(await freePort(), {
      DATABASE_URL: databaseUrl,
      API_KEY: ADMIN_KEY,
      DATA_DIR: workDir,
    });
    try {
      await server.start(30_000);
      await server.stop();
      return 'started';
    } catch (error) {
      return error instanceof Error ? error.message : String(error);
    } finally {
      rmSync(workDir, { recursive: true, force: true });
    }
  };

  const withUrl = (change: (url: URL) => void) => {
    const url = new URL(TEST_DATABASE_URL);
    change(url);
    return url.toString();
  };

  it('exits 1 when PostgreSQL refuses the login (unknown role)', async () => {
    const outcome = await startWith(withUrl((url) => (url.username = 'no_such_role_late_start')));
    expect(outcome).toMatch(/server exited with 1/);
    expect(outcome).toMatch(/check the user and password in DATABASE_URL/);
  });

  it('exits 1 when the database does not exist', async () => {
    const outcome = await startWith(withUrl((url) => (url.pathname = '/no_such_database_late_start')));
    expect(outcome).toMatch(/server exited with 1/);
    expect(outcome).toMatch(/no_such_database_late_start.*fix the database name in DATABASE_URL/);
  });

  it('exits 78 on a DATABASE_URL that is not a postgres URL', async () => {
    const outcome = await startWith('mysql://localhost/x');
    expect(outcome).toMatch(/server exited with 78/);
    expect(outcome).toMatch(/DATABASE_URL/);
  });
});
