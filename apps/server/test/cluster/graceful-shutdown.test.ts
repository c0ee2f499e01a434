import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeCode, openSocket } from '../relay/support/ws-clients.js';
import { randomUnitVector } from '../support/embeddings.js';
import { createTestDatabase, type TestDatabase } from '../support/test-server.js';

const require = createRequire(import.meta.url);
const TSX_LOADER = pathToFileURL(require.resolve('tsx')).href;
const SERVER_MAIN = path.resolve(import.meta.dirname, '../../src/main.ts');
const SHUTDOWN_DELAY_SECONDS = 2;

/** The real entry point (`main.ts`) as a child process, stopped with SIGTERM as an orchestrator would. */
describe('graceful shutdown of the server process (SIGTERM)', () => {
  let testDb: TestDatabase;
  let child: ChildProcess;
  let output = '';
  let baseUrl = '';
  const dataDir = mkdtempSync(path.join(tmpdir(), 'attendance-shutdown-'));
  const adminKey = `sa_shutdown_admin_${randomBytes(12).toString('hex')}`;
  const exited = { code: null as number | null, at: 0 };

  beforeAll(async () => {
    testDb = await createTestDatabase('postgres');
    child = spawn(process.execPath, ['--import', TSX_LOADER, SERVER_MAIN], {
      env: {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        HOME: process.env.HOME ?? '/tmp',
        HOST: '127.0.0.1',
        PORT: '0',
        DATABASE_URL: testDb.url ?? '',
        DATA_DIR: dataDir,
        API_KEY: adminKey,
        LOG_LEVEL: 'info',
        LOG_FILE: 'false',
        SHUTDOWN_DELAY_SECONDS: String(SHUTDOWN_DELAY_SECONDS),
        SHUTDOWN_TIMEOUT_SECONDS: '30',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.once('exit', (code) => {
      exited.code = code;
      exited.at = Date.now();
    });
    const deadline = Date.now() + 90_000;
    let port: string | undefined;
    while (port === undefined && Date.now() < deadline && exited.at === 0) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      port = /"msg":"server ready"/.test(output) ? /"port":(\d+)/.exec(output)?.[1] : undefined;
    }
    if (port === undefined) throw new Error(`server did not start: ${output}`);
    baseUrl = `http://127.0.0.1:${port}`;
  });

  afterAll(async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await testDb?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('turns readiness off, finishes the request in flight, closes sockets with 1001 and exits 0', async () => {
    expect((await fetch(`${baseUrl}/health/ready`)).status).toBe(200);
    const viewerKey = await fetch(`${baseUrl}/v1/api-keys`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': adminKey },
      body: JSON.stringify({ name: 'viewer', scopes: ['viewer'] }),
    }).then((r) => r.json() as Promise<{ key: string }>);
    const viewer = await openSocket(`${baseUrl.replace('http', 'ws')}/v1/live/view`, {
      'x-api-key': viewerKey.key,
    });
    const viewerClosed = closeCode(viewer);

    // A request in flight: headers and half of the body sent, the rest only after shutdown began.
    const body = Buffer.from(
      JSON.stringify({
        name: 'Enrolled During Shutdown',
        templates: { model: 'shutdown-512', embeddings: [randomUnitVector(512)] },
      }),
    );
    const inFlight = startRequest(baseUrl, '/v1/people', adminKey, body);
    inFlight.request.write(body.subarray(0, body.length / 2));

    const signalledAt = Date.now();
    child.kill('SIGTERM');
    // Readiness flips at once while the process still serves (load balancers take it out of rotation).
    const status = (route: string) => fetch(`${baseUrl}${route}`).then((r) => r.status, unreachable);
    await expect.poll(() => status('/health/ready'), { timeout: 10_000 }).toBe(503);
    expect(await status('/health/live')).toBe(200);

    // After the delay the server stops accepting connections…
    await expect.poll(() => status('/health/live'), { timeout: 15_000, interval: 100 }).toBe(REFUSED);
    // …but the request that was already in flight completes normally.
    inFlight.request.end(body.subarray(body.length / 2));
    const response = await inFlight.response;
    expect(response.status, response.body).toBe(201);
    expect(JSON.parse(response.body)).toMatchObject({ name: 'Enrolled During Shutdown' });

    expect(await viewerClosed).toBe(1001);
    await expect.poll(() => exited.code, { timeout: 30_000 }).toBe(0);
    // Bounded: the delay plus a few seconds of draining, far below SHUTDOWN_TIMEOUT_SECONDS.
    expect(exited.at - signalledAt).toBeGreaterThanOrEqual(SHUTDOWN_DELAY_SECONDS * 1000);
    expect(exited.at - signalledAt).toBeLessThan(25_000);
    expect(output).toContain('shut down cleanly');

    const { rows } = await testDb.db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM person WHERE name = 'Enrolled During Shutdown'",
    );
    expect(rows[0]?.n).toBe(1);
  });
});

const REFUSED = -1;
const unreachable = () => REFUSED;

function startRequest(baseUrl: string, urlPath: string, apiKey: string, body: Buffer) {
  const url = new URL(urlPath, baseUrl);
  const request = http.request(url, {
    method: 'POST',
    agent: false,
    headers: { 'content-type': 'application/json', 'content-length': body.length, 'x-api-key': apiKey },
  });
  const response = new Promise<{ status: number; body: string }>((resolve, reject) => {
    request.once('response', (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
      res.once('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    request.once('error', reject);
  });
  return { request, response };
}
