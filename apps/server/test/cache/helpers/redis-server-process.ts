import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { Redis } from 'ioredis';
import { afterAll } from 'vitest';
import { pingRedis } from '../../../src/cache/ping-redis.js';

/** A free TCP port on 127.0.0.1 (bound and released at once). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** A redis-server owned by one test: started on a port, stopped by pid. */
export interface RedisServerProcess {
  port: number;
  url: string;
  pid: number | undefined;
  /** SIGKILLs the server (an outage, not a clean shutdown) and waits until it is gone. */
  stop(): Promise<void>;
}

/**
 * Starts `redis-server` without persistence on `port` and waits until it answers PING. With `password`,
 * the server requires it and `url` carries it.
 */
export async function startRedisServer(port: number, password?: string): Promise<RedisServerProcess> {
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'];
  if (password !== undefined) args.push('--requirepass', password);
  const child: ChildProcess = spawn('redis-server', args, { stdio: 'ignore' });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const auth = password === undefined ? '' : `:${password}@`;
  const url = `redis://${auth}127.0.0.1:${String(port)}`;
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
  };
  for (let waited = 0; waited < 10_000; waited += 100) {
    if (await pingRedis(url, 500)) return { port, url, pid: child.pid, stop };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await stop();
  throw new Error(`redis-server on port ${String(port)} did not answer PING`);
}

/** The process id of the redis-server answering on `url` (INFO server), or undefined. */
export async function redisPidAt(url: string): Promise<number | undefined> {
  const client = new Redis(url, { lazyConnect: true, retryStrategy: () => null });
  client.on('error', () => undefined);
  try {
    await client.connect();
    const pid = Number(/process_id:(\d+)/.exec(await client.info('server'))?.[1]);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  } finally {
    client.disconnect();
  }
}

/** Kills whatever redis-server answers on `url` (found via INFO's process_id); for auto-started ones. */
export async function killRedisAt(url: string): Promise<void> {
  if (new URL(url).port === '6379' || new URL(url).port === '') {
    throw new Error('refusing to kill the shared Redis on 6379');
  }
  const pid = await redisPidAt(url);
  if (pid !== undefined) process.kill(pid, 'SIGKILL');
  for (let waited = 0; waited < 5_000 && (await pingRedis(url, 200)); waited += 100) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * For a test file that has Redis started on loopback ports: each call gives a URL on a free port, and
 * whatever got started on any of them is killed after the file's tests.
 */
export function loopbackUrlsKilledAfterAll(): () => Promise<string> {
  const started: string[] = [];
  afterAll(async () => {
    for (const url of started) await killRedisAt(url);
  });
  return async () => {
    const url = `redis://127.0.0.1:${String(await freePort())}`;
    started.push(url);
    return url;
  };
}
