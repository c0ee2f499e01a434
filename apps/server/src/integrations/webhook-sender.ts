import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { UrlRefusedError, type UrlPolicy } from './url-policy.js';
import { parseRetryAfter } from './retry-schedule.js';
import { WEBHOOK_HEADERS, signWebhook } from './webhook-signature.js';

export interface WebhookRequest {
  url: string;
  secret: string;
  eventId: string;
  body: string;
}

export type SendResult =
  | { ok: true; statusCode: number; latencyMs: number }
  | {
      ok: false;
      statusCode: number | null;
      latencyMs: number;
      error: string;
      retryAfterMs: number | null;
      /** The URL is refused by policy: no point retrying soon, but it may be allowed later. */
      refused: boolean;
    };

const MAX_ERROR_LENGTH = 300;

/**
 * POSTs one signed event. The connection goes to an address the {@link UrlPolicy} checked in this very
 * lookup (node's `lookup` hook), never to a second resolution of the name. Redirects are not followed
 * (a redirect could point anywhere); any 2xx is success.
 */
export class WebhookSender {
  constructor(
    private readonly policy: UrlPolicy,
    private readonly options: { timeoutMs: number; userAgent: string },
  ) {}

  async send(request: WebhookRequest, now = new Date()): Promise<SendResult> {
    const started = performance.now();
    const latency = () => Math.round(performance.now() - started);
    const url = new URL(request.url);
    try {
      // An address literal never goes through `lookup`: check it here.
      await this.policy.addressesFor(url.hostname);
    } catch (error) {
      return this.#failure(null, latency(), error, null);
    }
    const timestamp = Math.floor(now.getTime() / 1000);
    const headers = {
      'content-type': 'application/json',
      'user-agent': this.options.userAgent,
      [WEBHOOK_HEADERS.id]: request.eventId,
      [WEBHOOK_HEADERS.timestamp]: String(timestamp),
      [WEBHOOK_HEADERS.signature]: signWebhook(request.secret, timestamp, request.body),
    };
    return new Promise<SendResult>((resolve) => {
      const client = url.protocol === 'https:' ? https : http;
      const req = client.request(
        url,
        { method: 'POST', headers, lookup: this.#lookup, timeout: this.options.timeoutMs, agent: false },
        (res) => {
          res.resume(); // the body is not needed; drain it so the socket closes
          res.on('end', () => {
            const statusCode = res.statusCode ?? 0;
            if (statusCode >= 200 && statusCode < 300) {
              resolve({ ok: true, statusCode, latencyMs: latency() });
            } else {
              const retryAfter = parseRetryAfter(res.headers['retry-after']);
              resolve(this.#failure(statusCode, latency(), `HTTP ${String(statusCode)}`, retryAfter));
            }
          });
          res.on('error', (error) => resolve(this.#failure(res.statusCode ?? null, latency(), error, null)));
        },
      );
      req.on('timeout', () =>
        req.destroy(new Error(`no answer within ${String(this.options.timeoutMs)} ms`)),
      );
      req.on('error', (error) => resolve(this.#failure(null, latency(), error, null)));
      req.end(request.body);
    });
  }

  readonly #lookup: LookupFunction = (hostname, options, callback) => {
    this.policy.addressesFor(hostname).then(
      (addresses) => {
        const wanted = options.family === 4 || options.family === 6 ? options.family : undefined;
        const usable = addresses.filter((a) => wanted === undefined || a.family === wanted);
        if (options.all) {
          callback(null, usable);
          return;
        }
        const first = usable[0];
        if (first) callback(null, first.address, first.family);
        else callback(new UrlRefusedError(`${hostname}: no usable address`), '', 0);
      },
      (error: unknown) => callback(error as NodeJS.ErrnoException, '', 0),
    );
  };

  #failure(
    statusCode: number | null,
    latencyMs: number,
    error: unknown,
    retryAfterMs: number | null,
  ): SendResult {
    const message = error instanceof Error ? error.message : String(error);
    return {
      ok: false,
      statusCode,
      latencyMs,
      error: message.slice(0, MAX_ERROR_LENGTH),
      retryAfterMs,
      refused: error instanceof UrlRefusedError,
    };
  }
}
