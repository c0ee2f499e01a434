import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const REPO = fileURLToPath(new URL('../../', import.meta.url));

export interface ServerProcess {
  baseUrl: string;
  pid: number;
  apiKey: string;
  stop(): Promise<void>;
}

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });

/**
 * Starts the real server (`apps/server/src/main.ts`) as its own process, so its memory is measured apart from
 * the bench's. Log lines about the index build are echoed (they carry the progress percentages).
 */
export async function startServerProcess(options: {
  databaseUrl: string;
  dataDir: string;
  env?: Record<string, string>;
  /** Extra node flags (e.g. `--cpu-prof`). */
  nodeArgs?: string[];
  echo?: (line: { msg?: string; level?: number }) => void;
}): Promise<ServerProcess> {
  mkdirSync(options.dataDir, { recursive: true });
  const port = await freePort();
  const apiKey = 'sa_scale_bench_admin_key_0123456789';
  const child = spawn(
    process.execPath,
    [...(options.nodeArgs ?? []), '--import', 'tsx', path.join(REPO, 'apps/server/src/main.ts')],
    {
      cwd: REPO,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '/tmp',
        DATABASE_URL: options.databaseUrl,
        DATA_DIR: options.dataDir,
        API_KEY: apiKey,
        HOST: '127.0.0.1',
        PORT: String(port),
        LOG_FILE: 'false',
        LOG_LEVEL: 'info',
        CACHE_BACKEND: 'memory',
        DB_POOL_SIZE: '20',
        ...options.env,
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  createInterface({ input: child.stdout }).on('line', (text) => {
    try {
      const line = JSON.parse(text) as { msg?: string; level?: number };
      if ((line.level ?? 0) >= 40 || line.msg?.includes('index')) options.echo?.(line);
    } catch {
      /* not a log line */
    }
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${baseUrl}/health`)).ok) break;
    } catch {
      /* not listening yet */
    }
    if (i > 600) throw new Error('server did not start within 60 s');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    baseUrl,
    pid: child.pid ?? 0,
    apiKey,
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/**
 * JSON request to the server with the admin key; `body` is serialised unless it already is JSON bytes.
 * Throws with the answer on an unexpected status.
 */
export async function api<T>(
  server: Pick<ServerProcess, 'baseUrl' | 'apiKey'>,
  method: string,
  url: string,
  body?: unknown,
  expect = [200, 201, 202, 204],
): Promise<T> {
  const response = await fetch(`${server.baseUrl}${url}`, {
    method,
    headers: {
      'x-api-key': server.apiKey,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: body instanceof Uint8Array ? body : JSON.stringify(body) }),
  });
  const text = await response.text();
  if (!expect.includes(response.status)) {
    throw new Error(`${method} ${url} answered ${response.status}: ${text.slice(0, 500)}`);
  }
  return (text ? JSON.parse(text) : null) as T;
}
