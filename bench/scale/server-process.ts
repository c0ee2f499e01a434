import { mkdirSync } from 'node:fs';
import { freePort, ServerProcess as ChildServer } from '../../apps/server/test/support/server-process.js';

export interface ServerProcess {
  baseUrl: string;
  pid: number;
  apiKey: string;
  stop(): Promise<void>;
}

/**
 * Starts the real server (`apps/server/src/main.ts`) as its own process, so its memory is measured apart from
 * the bench's — the same child-process helper the fault tests use (`apps/server/test/support`, no vitest),
 * with the bench's environment: PostgreSQL, an admin key, info logs on stdout, the in-memory cooldown cache.
 * Log lines about the index build are echoed (they carry the progress percentages).
 */
export async function startServerProcess(options: {
  databaseUrl: string;
  dataDir: string;
  env?: Record<string, string>;
  /** Extra node flags (e.g. `--cpu-prof`, `--cpu-prof-dir=…`; a profile is written when the server stops). */
  nodeArgs?: string[];
  echo?: (line: { msg?: string; level?: number }) => void;
  /** Called for every access line: the server's own time from request to response (server-side latency). */
  onRequest?: (request: CompletedRequest) => void;
}): Promise<ServerProcess> {
  mkdirSync(options.dataDir, { recursive: true });
  const apiKey = 'sa_scale_bench_admin_key_0123456789';
  const child = new ChildServer(
    await freePort(),
    {
      DATABASE_URL: options.databaseUrl,
      DATA_DIR: options.dataDir,
      API_KEY: apiKey,
      LOG_FILE: 'false',
      LOG_LEVEL: 'info',
      CACHE_BACKEND: 'memory',
      DB_POOL_SIZE: '20',
      ...options.env,
    },
    {
      ...(options.nodeArgs ? { nodeArgs: options.nodeArgs } : {}),
      onLine: (text: string) => readLine(text, options),
    },
  );
  await child.start(60_000);
  return { baseUrl: child.baseUrl, pid: child.pid ?? 0, apiKey, stop: () => child.stop() };
}

export interface CompletedRequest {
  method: string;
  url: string;
  statusCode: number;
  /** Fastify's `reply.elapsedTime`: from the request's arrival to the response's end, in ms. */
  responseTime: number;
}

interface LogLine {
  msg?: string;
  level?: number;
  req?: { method: string; url: string };
  res?: { statusCode: number };
  responseTime?: number;
}

function readLine(
  text: string,
  options: Pick<Parameters<typeof startServerProcess>[0], 'echo' | 'onRequest'>,
) {
  let line: LogLine;
  try {
    line = JSON.parse(text) as LogLine;
  } catch {
    return; // not a log line
  }
  if (line.responseTime !== undefined && line.req && line.res) {
    const { method, url } = line.req;
    options.onRequest?.({ method, url, statusCode: line.res.statusCode, responseTime: line.responseTime });
  } else if ((line.level ?? 0) >= 40 || line.msg?.includes('index')) {
    options.echo?.(line);
  }
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
