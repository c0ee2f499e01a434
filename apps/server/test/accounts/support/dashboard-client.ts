import type { FastifyInstance } from 'fastify';

/** What a browser on this machine sends: a loopback Host and the server's own Origin. */
const LOCAL = { host: 'localhost', origin: 'http://localhost' };

export interface SignedIn {
  status: number;
  cookie: string;
  csrf: string;
  body: Record<string, unknown>;
}

/** A dashboard browser talking to an app through `inject()`: sign-in, then requests with its cookie. */
export function dashboardClient(app: () => FastifyInstance) {
  const signInWith = async (
    url: string,
    payload: unknown,
    cookie?: string,
    status = [200, 201],
  ): Promise<SignedIn> => {
    const response = await app().inject({
      method: 'POST',
      url,
      headers: { ...LOCAL, ...(cookie ? { cookie } : {}) },
      payload: payload as Record<string, unknown>,
    });
    const setCookie = [response.headers['set-cookie'] ?? ''].flat()[0] ?? '';
    const body = response.json<Record<string, unknown>>();
    if (!status.includes(response.statusCode)) {
      return { status: response.statusCode, cookie: '', csrf: '', body };
    }
    return {
      status: response.statusCode,
      cookie: setCookie.split(';')[0] ?? '',
      csrf: typeof body.csrf_token === 'string' ? body.csrf_token : '',
      body,
    };
  };
  return {
    signIn: (username: string, password: string, cookie?: string) =>
      signInWith('/ui/api/session', { username, password }, cookie),
    signInWithKey: (apiKey: string) => signInWith('/ui/api/session', { api_key: apiKey }),
    setup: (adminKey: string, username: string, password: string) =>
      signInWith('/ui/api/setup', { admin_key: adminKey, username, password }),
    /** A request as the signed-in browser: cookie, Origin and (on mutations) the CSRF token. */
    call: (
      session: Pick<SignedIn, 'cookie' | 'csrf'>,
      method: 'GET' | 'POST' | 'PATCH' | 'DELETE' | 'PUT',
      url: string,
      payload?: unknown,
      options: { csrf?: boolean } = {},
    ) =>
      app().inject({
        method,
        url,
        headers: {
          ...LOCAL,
          cookie: session.cookie,
          ...(method !== 'GET' && options.csrf !== false ? { 'x-csrf-token': session.csrf } : {}),
        },
        ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
      }),
  };
}
