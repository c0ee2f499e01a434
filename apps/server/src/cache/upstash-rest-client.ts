/** Why an Upstash REST command did not produce a result. */
export type UpstashFailureKind = 'unreachable' | 'auth' | 'error';

/** Outcome of one command: the `result` field of the reply, or a classified failure. */
export type UpstashReply =
  { ok: true; result: unknown } | { ok: false; kind: UpstashFailureKind; message: string };

/** Connection settings of the Upstash REST endpoint. */
export interface UpstashRestClientOptions {
  /** Base URL; commands are POSTed to it as JSON arrays. */
  url: string;
  /** Bearer token. Never included in any message this client produces. */
  token: string;
  /** Deadline of one command, connect and reply body included. */
  timeoutMs: number;
}

/**
 * Minimal client of Upstash's REST protocol: `POST <url>` with a JSON array such as
 * `["SET","k","1","NX","PX","1000"]`, `Authorization: Bearer <token>`, reply `{"result": …}` or
 * `{"error": "…"}`. Plain fetch instead of `@upstash/redis` because that client retries internally
 * with its own backoff, which would stall identifies while Upstash is down; here every command
 * has one attempt and one deadline, and the store above decides about retries.
 */
export class UpstashRestClient {
  constructor(private readonly options: UpstashRestClientOptions) {}

  /** Sends one command. Never throws. */
  async command(args: readonly (string | number)[]): Promise<UpstashReply> {
    let response: Response;
    try {
      response = await fetch(this.options.url, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${this.options.token}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify(args.map(String)),
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
    } catch (error) {
      return { ok: false, kind: 'unreachable', message: describeFetchError(error, this.options) };
    }
    return readReply(response, this.options.timeoutMs);
  }
}

async function readReply(response: Response, timeoutMs: number): Promise<UpstashReply> {
  if (response.status === 401 || response.status === 403) {
    await response.body?.cancel();
    return { ok: false, kind: 'auth', message: `token rejected (HTTP ${String(response.status)})` };
  }
  let body: unknown;
  try {
    body = await response.json();
  } catch (error) {
    const why = isTimeout(error) ? `reply timed out after ${String(timeoutMs)} ms` : 'not JSON';
    return { ok: false, kind: 'unreachable', message: `HTTP ${String(response.status)}: ${why}` };
  }
  if (typeof body === 'object' && body !== null) {
    if ('error' in body) return { ok: false, kind: 'error', message: String(body.error) };
    if (response.ok && 'result' in body) return { ok: true, result: body.result };
  }
  return {
    ok: false,
    kind: 'unreachable',
    message: `HTTP ${String(response.status)}: reply has neither result nor error`,
  };
}

function isTimeout(error: unknown): boolean {
  return error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
}

function describeFetchError(error: unknown, options: UpstashRestClientOptions): string {
  if (isTimeout(error)) return `no reply within ${String(options.timeoutMs)} ms`;
  if (!(error instanceof Error)) return 'request failed';
  const cause: unknown = error.cause;
  const code = typeof cause === 'object' && cause !== null && 'code' in cause ? String(cause.code) : '';
  const message = code ? `${error.message} (${code})` : error.message;
  return options.token ? message.split(options.token).join('***') : message;
}
