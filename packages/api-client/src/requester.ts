import { ErrorBodySchema } from '@attendance/protocol';
import type { z } from 'zod';
import { ApiError, NetworkError } from './errors.js';
import { toQuery, type QueryValue } from './query.js';
import type { HttpMethod, Transport } from './transport.js';

export interface RequestOptions {
  readonly query?: Readonly<Record<string, QueryValue>>;
  /** Sent as JSON. */
  readonly body?: unknown;
  /** Overrides the transport's timeout for this request. */
  readonly timeoutMs?: number | undefined;
}

/**
 * Builds a request (path, query string, JSON body), sends it through the {@link Transport} and turns the
 * answer into data or an error: a protocol error body becomes an {@link ApiError} with its code, no answer a
 * {@link NetworkError}, and a success that does not match the expected schema an `unexpected_response`
 * ApiError, so a caller never works on data of the wrong shape.
 */
export class ApiRequester {
  constructor(private readonly transport: Transport) {}

  /** The answer, validated with `schema`. */
  async json<S extends z.ZodType>(
    method: HttpMethod,
    path: string,
    schema: S,
    options: RequestOptions = {},
  ): Promise<z.infer<S>> {
    const answer = await this.answer(method, path, options);
    const parsed = schema.safeParse(answer.json);
    if (parsed.success) return parsed.data;
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
    throw new ApiError(
      answer.status,
      'unexpected_response',
      `${method} ${path}: the answer does not match the protocol (${where}${issue?.message ?? 'invalid'})`,
    );
  }

  /** A request whose answer the caller does not read: only whether it failed. */
  async send(method: HttpMethod, path: string, options: RequestOptions = {}): Promise<void> {
    await this.answer(method, path, options);
  }

  /** The HTTP status of a GET, for diagnostics: 200, 401, 403, … */
  async status(path: string): Promise<number> {
    const response = await this.fetch('GET', path, {});
    await response.body?.cancel();
    return response.status;
  }

  private async answer(
    method: HttpMethod,
    path: string,
    options: RequestOptions,
  ): Promise<{ status: number; json: unknown }> {
    const response = await this.fetch(method, path, options);
    const text = await response.text().catch((error: unknown) => {
      throw new NetworkError(`${method} ${path}: reading the answer failed`, { cause: error });
    });
    const json = parseJson(text);
    if (response.ok) return { status: response.status, json };
    this.transport.onErrorStatus?.(response.status);
    const error = ErrorBodySchema.safeParse(json);
    if (error.success) throw new ApiError(response.status, error.data.error.code, error.data.error.message);
    throw new ApiError(
      response.status,
      'unexpected_response',
      `${method} ${path} failed (HTTP ${response.status})`,
    );
  }

  private async fetch(method: HttpMethod, path: string, options: RequestOptions): Promise<Response> {
    const url = this.transport.url(`${path}${toQuery(options.query ?? {})}`);
    const auth = this.transport.authenticate(method);
    const headers: Record<string, string> = { accept: 'application/json', ...auth.headers };
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    const timeoutMs = options.timeoutMs ?? this.transport.timeoutMs;
    try {
      return await fetch(url, {
        method,
        headers,
        ...(auth.credentials ? { credentials: auth.credentials } : {}),
        ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
        ...(timeoutMs !== undefined ? { signal: AbortSignal.timeout(timeoutMs) } : {}),
      });
    } catch (error) {
      const reason =
        error instanceof Error && error.name === 'TimeoutError'
          ? `timed out after ${timeoutMs} ms`
          : causeMessage(error);
      throw new NetworkError(`${method} ${url}: ${reason}`, { cause: error });
    }
  }
}

/** Empty and non-JSON bodies (204, a proxy's HTML error page) read as `undefined`. */
function parseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function causeMessage(error: unknown): string {
  if (error instanceof Error) {
    return error.cause instanceof Error ? error.cause.message : error.message;
  }
  return String(error);
}
