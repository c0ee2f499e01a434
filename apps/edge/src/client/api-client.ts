import { ApiClient as SharedApiClient, type Transport } from '@attendance/api-client';

export interface ApiClientOptions {
  /** `http://host:port`, no trailing slash. */
  readonly baseUrl: string;
  readonly apiKey: string | null;
  readonly timeoutMs: number;
}

/** The edge's way to the server: a configured base URL, the `x-api-key` header, a timeout on every call. */
export function edgeTransport(options: ApiClientOptions): Transport {
  const headers: Record<string, string> = options.apiKey === null ? {} : { 'x-api-key': options.apiKey };
  return {
    url: (path) => `${options.baseUrl}${path}`,
    authenticate: () => ({ headers }),
    timeoutMs: options.timeoutMs,
  };
}

/** The shared typed API client over the edge's transport. */
export class ApiClient extends SharedApiClient {
  constructor(options: ApiClientOptions) {
    super(edgeTransport(options));
  }
}
