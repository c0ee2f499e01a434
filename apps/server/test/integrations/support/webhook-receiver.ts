/**
 * @module A real HTTP webhook receiver on 127.0.0.1: records every request (headers and raw body), answers
 * as told (status, Retry-After, a delay), and can go down and come back on the same port.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  headers: http.IncomingHttpHeaders;
  body: string;
  receivedAt: number;
}

export interface ReceiverBehaviour {
  status: number;
  retryAfter?: string;
  delayMs?: number;
}

export class WebhookReceiver {
  readonly requests: ReceivedRequest[] = [];
  behaviour: ReceiverBehaviour | ((request: ReceivedRequest) => ReceiverBehaviour) = { status: 204 };
  #server: http.Server | null = null;
  #port = 0;

  get url(): string {
    return `http://127.0.0.1:${String(this.#port)}/hook`;
  }

  get port(): number {
    return this.#port;
  }

  /** Parsed bodies of the requests received so far. */
  events<T = { id: string; type: string }>(): T[] {
    return this.requests.map((request) => JSON.parse(request.body) as T);
  }

  async start(port = this.#port): Promise<void> {
    const server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const request = {
          headers: req.headers,
          body: Buffer.concat(chunks).toString('utf8'),
          receivedAt: Date.now(),
        };
        this.requests.push(request);
        const answer = typeof this.behaviour === 'function' ? this.behaviour(request) : this.behaviour;
        const reply = () => {
          if (answer.retryAfter) res.setHeader('retry-after', answer.retryAfter);
          res.statusCode = answer.status;
          res.end();
        };
        if (answer.delayMs) setTimeout(reply, answer.delayMs);
        else reply();
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', resolve);
    });
    this.#server = server;
    this.#port = (server.address() as AddressInfo).port;
  }

  /** Closes the port: connections are refused until {@link start} again. */
  async stop(): Promise<void> {
    const server = this.#server;
    this.#server = null;
    if (!server) return;
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}

/** Polls `check` until it is true or `timeoutMs` passes; answers the last result. */
export async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return check();
}

/**
 * Signature verification as a receiver would write it (docs/integrations.md): `node:crypto` only, none of
 * the server's code.
 */
export function verifySignature(secret: string, request: ReceivedRequest): boolean {
  const timestamp = String(request.headers['webhook-timestamp']);
  const expected = createHmac('sha256', secret).update(`${timestamp}.${request.body}`).digest('hex');
  const given = String(request.headers['webhook-signature']).replace(/^v1=/, '');
  return given.length === expected.length && timingSafeEqual(Buffer.from(given), Buffer.from(expected));
}
