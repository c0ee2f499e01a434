import type { ErrorCode } from '@attendance/protocol';

/**
 * The server answered with an error status. `code` is the protocol's stable error code when the body is a
 * protocol error, `unexpected_response` when the answer (error or success) does not match the protocol.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode | 'unexpected_response',
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** 5xx, 429 and 408 may succeed later; 4xx such as 401 or 422 will not. */
  get retryable(): boolean {
    return this.status >= 500 || this.status === 429 || this.status === 408;
  }
}

/** The server could not be reached (refused, DNS, TLS, timeout). Always worth retrying later. */
export class NetworkError extends Error {
  readonly retryable = true;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'NetworkError';
  }
}

/** True for failures that a later retry (offline queue replay) can fix. */
export function isRetryable(error: unknown): boolean {
  return error instanceof NetworkError || (error instanceof ApiError && error.retryable);
}

/** One line for logs and overlays, e.g. `401 unauthorized: invalid API key`. */
export function describeError(error: unknown): string {
  if (error instanceof ApiError) return `${error.status} ${error.code}: ${error.message}`;
  if (error instanceof Error) return error.message;
  return String(error);
}
