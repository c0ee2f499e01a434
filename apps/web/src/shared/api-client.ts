import { ApiClient as SharedApiClient, ApiError, type Transport } from '@attendance/api-client';
import { DashboardSessionSchema, type ApiKeyScope, type DashboardSession } from '@attendance/protocol';

export { ApiError };

/** The signed-in session, shared by the client and its transport. */
class SessionState {
  current: DashboardSession | null = null;
}

/**
 * Same-origin calls: the HttpOnly session cookie authenticates every call, and writes carry the session's
 * CSRF token (the browser adds Origin itself). A 401 while signed in means the session expired or its key
 * was revoked: the page starts over at sign-in.
 */
function sessionTransport(state: SessionState): Transport {
  return {
    url: (path) => new URL(path, location.origin).href,
    authenticate: (method): { headers: Record<string, string>; credentials: 'same-origin' } => ({
      credentials: 'same-origin',
      headers: method !== 'GET' && state.current ? { 'x-csrf-token': state.current.csrf_token } : {},
    }),
    onErrorStatus: (status) => {
      if (status !== 401 || !state.current) return;
      state.current = null;
      location.reload();
    },
  };
}

/** The shared typed API client over the browser's session, with sign-in, sign-out and scope checks. */
export class ApiClient extends SharedApiClient {
  private readonly state: SessionState;

  constructor(state = new SessionState()) {
    super(sessionTransport(state));
    this.state = state;
  }

  get session(): DashboardSession | null {
    return this.state.current;
  }

  async loadSession(): Promise<DashboardSession | null> {
    try {
      this.state.current = await this.http.json('GET', '/ui/api/session', DashboardSessionSchema);
    } catch (failure) {
      if (!(failure instanceof ApiError && failure.status === 401)) throw failure;
      this.state.current = null;
    }
    return this.state.current;
  }

  /** An API key, or a username and password; `path` `/ui/api/setup` creates the first admin instead. */
  async login(
    credentials: string | Record<string, string>,
    path = '/ui/api/session',
  ): Promise<DashboardSession> {
    const body = typeof credentials === 'string' ? { api_key: credentials } : credentials;
    const session = await this.http.json('POST', path, DashboardSessionSchema, { body });
    this.state.current = session;
    return session;
  }

  async logout(): Promise<void> {
    await this.delete('/ui/api/session');
    this.state.current = null;
  }

  /** admin holds every scope, operator also holds viewer (as the server decides: route-scopes.ts). */
  hasScope(...scopes: ApiKeyScope[]): boolean {
    const held = this.session?.scopes ?? [];
    return held.some(
      (s) => s === 'admin' || scopes.includes(s) || (s === 'operator' && scopes.includes('viewer')),
    );
  }
}
