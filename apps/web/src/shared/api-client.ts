import { ErrorBodySchema, type ApiKeyScope } from '@attendance/protocol';

export interface SessionInfo {
  scopes: ApiKeyScope[];
  /** The signed-in person, or null for a session opened with an API key. */
  account?: { id: string; username: string; role: string } | null;
  csrf_token: string;
  expires_at: string;
}

/** A failed API call with the server's protocol error code (e.g. `duplicate_face`). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/**
 * Same-origin JSON calls authenticated by the HttpOnly session cookie. Mutating calls carry the session's
 * CSRF token; the browser adds Origin itself.
 */
export class ApiClient {
  private csrfToken = '';
  session: SessionInfo | null = null;

  async loadSession(): Promise<SessionInfo | null> {
    const response = await fetch('/ui/api/session', { credentials: 'same-origin' });
    if (response.status === 401) return this.setSession(null);
    return this.setSession((await this.parse(response)) as SessionInfo);
  }

  /** An API key, or a username and password; `path` `/ui/api/setup` creates the first admin instead. */
  async login(credentials: string | Record<string, string>, path = '/ui/api/session'): Promise<SessionInfo> {
    const body = typeof credentials === 'string' ? { api_key: credentials } : credentials;
    const session = (await this.request('POST', path, body)) as SessionInfo;
    this.setSession(session);
    return session;
  }

  async logout(): Promise<void> {
    await this.request('DELETE', '/ui/api/session');
    this.setSession(null);
  }

  /** admin holds every scope, operator also holds viewer (as the server decides: route-scopes.ts). */
  hasScope(...scopes: ApiKeyScope[]): boolean {
    const held = this.session?.scopes ?? [];
    return held.some(
      (s) => s === 'admin' || scopes.includes(s) || (s === 'operator' && scopes.includes('viewer')),
    );
  }

  get<T>(path: string, query: Record<string, string | number | undefined> = {}): Promise<T> {
    const params = new URLSearchParams();
    for (const [name, value] of Object.entries(query)) {
      if (value !== undefined && value !== '') params.set(name, String(value));
    }
    const search = params.toString();
    return this.request('GET', search ? `${path}?${search}` : path) as Promise<T>;
  }

  /** `timeoutMs`: give up (a `TimeoutError`) instead of waiting on a server that accepted but never answers. */
  post<T>(path: string, body?: unknown, options: { timeoutMs?: number } = {}): Promise<T> {
    return this.request('POST', path, body, options.timeoutMs) as Promise<T>;
  }

  patch<T>(path: string, body: unknown): Promise<T> {
    return this.request('PATCH', path, body) as Promise<T>;
  }

  put<T>(path: string, body: unknown): Promise<T> {
    return this.request('PUT', path, body) as Promise<T>;
  }

  delete(path: string): Promise<unknown> {
    return this.request('DELETE', path);
  }

  private setSession(session: SessionInfo | null): SessionInfo | null {
    this.session = session;
    this.csrfToken = session?.csrf_token ?? '';
    return session;
  }

  private async request(method: string, path: string, body?: unknown, timeoutMs?: number): Promise<unknown> {
    const headers: Record<string, string> = {};
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (method !== 'GET' && this.csrfToken) headers['x-csrf-token'] = this.csrfToken;
    const response = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      ...(timeoutMs !== undefined ? { signal: AbortSignal.timeout(timeoutMs) } : {}),
    });
    return this.parse(response);
  }

  private async parse(response: Response): Promise<unknown> {
    if (response.status === 204) return null;
    const text = await response.text();
    const json: unknown = text ? JSON.parse(text) : null;
    if (response.ok) return json;
    // The session expired or its key was revoked: start over at the sign-in screen.
    if (response.status === 401 && this.session) {
      this.setSession(null);
      location.reload();
    }
    const error = ErrorBodySchema.safeParse(json);
    if (error.success) throw new ApiError(response.status, error.data.error.code, error.data.error.message);
    throw new ApiError(response.status, 'internal', `HTTP ${response.status}`);
  }
}
