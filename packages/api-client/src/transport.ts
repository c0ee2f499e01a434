/** The HTTP methods the API uses. GET is the only one that changes nothing. */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * Where requests go and how they are authenticated: the only part that differs between the edge (a base URL,
 * an `x-api-key` header, a timeout) and the web (same-origin, the session cookie, a CSRF header on writes).
 */
export interface Transport {
  /** The URL to fetch for an API path such as `/v1/people?limit=5`. */
  url(path: string): string;
  /** Headers and credentials this deployment adds to a request with `method`. */
  authenticate(method: HttpMethod): {
    headers?: Record<string, string>;
    credentials?: 'same-origin' | 'include' | 'omit';
  };
  /** Give up (a {@link NetworkError}) on a server that accepted but never answers; none when undefined. */
  readonly timeoutMs?: number | undefined;
  /** Sees every error status before it becomes an `ApiError`, e.g. a 401 that ends a browser session. */
  onErrorStatus?(status: number): void;
}
