import { FirstAdminSchema, PasswordChangeSchema, SignInSchema } from '@attendance/protocol';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AccountService } from '../accounts/account.service.js';
import type { ApiKeyVerifier } from '../access/access-grant.js';
import type { OriginPolicy } from '../access/origin-policy.js';
import { openSession, type SessionCookieSettings } from './open-session.js';
import { doc } from './route-doc.js';
import { clearSessionCookie, readSessionCookie } from './session-cookie.js';
import type { DashboardSession, SessionOwner, SessionStore } from './session-store.js';

export interface SessionRoutesOptions extends SessionCookieSettings {
  sessions: SessionStore;
  accounts: AccountService;
  verifyApiKey: ApiKeyVerifier;
  originPolicy: OriginPolicy;
  /** The "Sign in with …" button's provider name; null when OIDC is off. */
  oidcProviderName: string | null;
}

const error = (code: string, message: string) => ({ error: { code, message } });
const firstIssue = (issues: readonly { path: PropertyKey[]; message: string }[]) =>
  issues.map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`).join('; ');

const describe = (session: Pick<DashboardSession, 'principal' | 'account' | 'csrfToken' | 'expiresAt'>) => ({
  scopes: session.principal.scopes,
  account: session.account,
  csrf_token: session.csrfToken,
  expires_at: new Date(session.expiresAt).toISOString(),
});

/**
 * Dashboard sign-in. `POST /ui/api/session` takes a username and password (people) or an API key (kiosks,
 * scripts) and sets an HttpOnly SameSite=Strict cookie holding a fresh random token (never an id the browser
 * brought: no session fixation); `GET` describes the session with its CSRF token; `DELETE` signs out.
 * `/ui/api/setup` creates the first admin account with the admin key; `/ui/api/session/password` changes
 * the signed-in person's password and signs their other sessions out.
 */
/** OpenAPI descriptions of the dashboard's session routes (bodies are checked in the handlers). */
const docs = {
  signIn: doc('signIn', 'Sign in to the dashboard (username and password, or an API key)'),
  getSession: doc('getSession', 'The signed-in dashboard session'),
  signOut: doc('signOut', 'Sign out of the dashboard'),
  getSetup: doc('getSetup', 'Whether the first admin account is still to be created, and the OIDC provider'),
  createFirstAdmin: doc('createFirstAdmin', 'Create the first admin account (needs the admin key)'),
  changeOwnPassword: doc('changeOwnPassword', "Change the signed-in account's password"),
};

export function registerSessionRoutes(app: FastifyInstance, options: SessionRoutesOptions): void {
  const { sessions, accounts } = options;

  const start = async (request: FastifyRequest, reply: FastifyReply, owner: SessionOwner) => {
    const created = await openSession(request, reply, sessions, owner, options);
    if (!created) {
      return reply
        .code(429)
        .send(error('rate_limited', 'too many signed-in sessions on this server; sign out elsewhere first'));
    }
    return reply.send(describe((await sessions.resolve(created.token)) ?? never()));
  };

  app.post('/ui/api/session', docs.signIn, async (request, reply) => {
    // A login form posted from another site would sign the operator's browser into the attacker's account.
    if (!options.originPolicy.isAllowed(request)) {
      return reply.code(403).send(error('forbidden', 'Origin not allowed'));
    }
    const body = SignInSchema.safeParse(request.body);
    if (!body.success) {
      return reply
        .code(400)
        .send(error('validation_failed', 'a username and password, or an api_key, is required'));
    }
    if ('api_key' in body.data) {
      const key = await options.verifyApiKey(body.data.api_key);
      if (!key) return reply.code(401).send(error('unauthorized', 'unknown, revoked or expired API key'));
      return start(request, reply, { apiKeyId: key.id, admin: key.scopes.includes('admin') });
    }
    const result = await accounts.signIn(body.data.username, body.data.password, request.ip);
    if (!result.ok && result.reason === 'throttled') {
      void reply.header('retry-after', String(Math.ceil(result.retryAfterMs / 1000)));
      return reply.code(429).send(error('rate_limited', 'too many failed sign-ins; try again later'));
    }
    if (!result.ok) return reply.code(401).send(error('unauthorized', 'wrong username or password'));
    return start(request, reply, { accountId: result.account.id, admin: result.account.role === 'admin' });
  });

  app.get('/ui/api/session', docs.getSession, async (request, reply) => {
    const session = request.dashboardSession;
    if (!session) {
      if (readSessionCookie(request)) clearSessionCookie(reply, options.secureCookies);
      return reply.code(401).send(error('unauthorized', 'not signed in'));
    }
    return describe(session);
  });

  app.delete('/ui/api/session', docs.signOut, async (request, reply) => {
    const session = request.dashboardSession;
    if (session) await sessions.delete(session.id);
    clearSessionCookie(reply, options.secureCookies);
    return reply.code(204).send();
  });

  app.get('/ui/api/setup', docs.getSetup, async () => ({
    needs_first_admin: await accounts.needsFirstAdmin(),
    oidc_provider: options.oidcProviderName,
  }));

  app.post('/ui/api/setup', docs.createFirstAdmin, async (request, reply) => {
    if (!options.originPolicy.isAllowed(request)) {
      return reply.code(403).send(error('forbidden', 'Origin not allowed'));
    }
    const body = FirstAdminSchema.safeParse(request.body);
    if (!body.success) return reply.code(400).send(error('validation_failed', firstIssue(body.error.issues)));
    const key = await options.verifyApiKey(body.data.admin_key);
    if (!key?.scopes.includes('admin')) {
      return reply.code(401).send(error('unauthorized', 'admin_key: not a valid admin API key'));
    }
    const account = await accounts.createFirstAdmin(body.data.username, body.data.password, key.id);
    return start(request, reply.code(201), { accountId: account.id, admin: true });
  });

  app.post('/ui/api/session/password', docs.changeOwnPassword, async (request, reply) => {
    const session = request.dashboardSession;
    if (!session?.account) {
      return reply.code(401).send(error('unauthorized', 'sign in with a username and password first'));
    }
    const body = PasswordChangeSchema.safeParse(request.body);
    if (!body.success) return reply.code(400).send(error('validation_failed', firstIssue(body.error.issues)));
    await accounts.changeOwnPassword(
      session.account.id,
      body.data.current_password,
      body.data.new_password,
      session.id,
      request.ip,
    );
    return reply.code(204).send();
  });
}

function never(): never {
  throw new Error('a session just created could not be read back');
}
