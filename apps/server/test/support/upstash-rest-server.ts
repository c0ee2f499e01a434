import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Redis } from 'ioredis';

/** A running Upstash-REST-compatible endpoint backed by a real Redis. */
export interface UpstashRestTestServer {
  /** Base URL to POST commands to, e.g. `http://127.0.0.1:40123`. */
  url: string;
  token: string;
  /** Number of command requests received (authorised or not). */
  requestCount(): number;
  /** Delays every reply by `ms` (0 = none), to provoke client timeouts. */
  setReplyDelay(ms: number): void;
  /** Stops accepting connections; `resume()` listens again on the same port. */
  pause(): Promise<void>;
  resume(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Starts a small HTTP server that speaks Upstash's REST protocol: `POST /` with a JSON array command
 * (or `POST /pipeline` with an array of them), `Authorization: Bearer <token>`, replies `{"result": …}` (200) or `{"error": "…"}` (400; 401 for a
 * missing or wrong token). With `Upstash-Encoding: base64` (sent by `@upstash/redis`) string results are
 * base64-encoded, as Upstash does. Commands run on the real Redis at `redisUrl`.
 */
export async function startUpstashRestServer(options: {
  redisUrl: string;
  token: string;
}): Promise<UpstashRestTestServer> {
  const redis = new Redis(options.redisUrl, { maxRetriesPerRequest: 1 });
  let requests = 0;
  let replyDelayMs = 0;
  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    requests += 1;
    const body = await readBody(request);
    if (replyDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, replyDelayMs));
    if (request.headers.authorization !== `Bearer ${options.token}`) {
      return reply(response, 401, { error: 'Unauthorized' });
    }
    if (request.method !== 'POST') return reply(response, 405, { error: 'ERR method not allowed' });
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      return reply(response, 400, { error: 'ERR failed to parse command' });
    }
    const base64 = request.headers['upstash-encoding'] === 'base64';
    const path = (request.url ?? '/').split('?')[0];
    if (path === '/pipeline') {
      // A JSON array of commands; one {result}/{error} per command, in order.
      if (!Array.isArray(parsed) || !parsed.every(isCommand)) {
        return reply(response, 400, { error: 'ERR pipeline must be an array of commands' });
      }
      const replies: object[] = [];
      for (const command of parsed) replies.push(await run(command, base64));
      return reply(response, 200, replies);
    }
    if (!isCommand(parsed)) {
      return reply(response, 400, { error: 'ERR command must be a non-empty JSON array' });
    }
    const outcome = await run(parsed, base64);
    reply(response, 'error' in outcome ? 400 : 200, outcome);
  };
  const run = async (command: unknown[], base64: boolean) => {
    const [name, ...args] = command.map(String) as [string, ...string[]];
    try {
      const result: unknown = await redis.call(name, ...args);
      return { result: base64 ? encodeBase64(result) : result };
    } catch (error) {
      return { error: error instanceof Error ? error.message : String(error) };
    }
  };

  const server = createServer((request, response) => void handle(request, response));
  await listen(server, 0);
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${String(port)}`,
    token: options.token,
    requestCount: () => requests,
    setReplyDelay: (ms) => {
      replyDelayMs = ms;
    },
    pause: () => closeServer(server),
    resume: () => listen(server, port),
    close: async () => {
      await closeServer(server);
      redis.disconnect();
    },
  };
}

function encodeBase64(result: unknown): unknown {
  if (typeof result === 'string') return Buffer.from(result, 'utf8').toString('base64');
  if (Array.isArray(result)) return result.map(encodeBase64);
  return result;
}

function isCommand(value: unknown): value is unknown[] {
  return (
    Array.isArray(value) &&
    value.length > 0 &&
    value.every((part) => typeof part === 'string' || typeof part === 'number')
  );
}

function reply(response: ServerResponse, status: number, body: object | object[]): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function listen(server: Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
}

function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}
