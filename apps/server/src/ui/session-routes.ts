import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ApiKeyVerifier } from './access-grant.js';
import type { OriginPolicy } from './origin-policy.js';
import { clearSessionCookie, setSessionCookie } from './session-cookie.js';
import type { SessionStore } from './session-store.js';

const LoginSchema = z.strictObject({ api_key: z.string().min(1).max(512) });

export interface SessionRoutesOptions {
  sessions: SessionStore;
  verifyApiKey: ApiKeyVerifier;
  originPolicy: OriginPolicy;
  sessionTtlMs: number;
  secureCookies: boolean;
}

/**
 * `POST /ui/api/session` signs a browser in with an API key (the key is checked, kept server-side, and
 * replaced in the browser by an HttpOnly SameSite=Strict cookie); `GET` returns the session's scopes and
 * CSRF token; `DELETE` signs out.
 */
export function registerSessionRoutes(app: FastifyInstance, options: SessionRoutesOptions): void {
  const { sessions } = options;
  const error = (code: string, message: string) => ({ error: { code, message } });

  app.post('/ui/api/session', async (request, reply) => {
    // A login form posted from another site would sign the operator's browser into the attacker's key.
    if (!options.originPolicy.isAllowed(request)) {
      return reply.code(403).send(error('forbidden', 'Origin not allowed'));
    }
    const body = LoginSchema.safeParse(request.body);
    if (!body.success) return reply.code(400).send(error('validation_failed', 'api_key: a key is required'));
    const key = await options.verifyApiKey(body.data.api_key);
    if (!key) return reply.code(401).send(error('unauthorized', 'unknown, revoked or expired API key'));
    const session = sessions.create(body.data.api_key, key.scopes);
    if (!session) {
      return reply
        .code(429)
        .send(error('rate_limited', 'too many signed-in sessions on this server; sign out elsewhere first'));
    }
    setSessionCookie(reply, session.id, {
      maxAgeSeconds: options.sessionTtlMs / 1000,
      secure: options.secureCookies,
    });
    return {
      scopes: session.scopes,
      csrf_token: session.csrfToken,
      expires_at: new Date(session.expiresAt).toISOString(),
    };
  });

  app.get('/ui/api/session', async (request, reply) => {
    const session = request.dashboardSession;
    if (!session) return reply.code(401).send(error('unauthorized', 'not signed in'));
    // A revoked or expired key ends its sessions too.
    if (!(await options.verifyApiKey(session.apiKey))) {
      sessions.delete(session.id);
      clearSessionCookie(reply, options.secureCookies);
      return reply.code(401).send(error('unauthorized', 'the API key of this session is no longer valid'));
    }
    return {
      scopes: session.scopes,
      csrf_token: session.csrfToken,
      expires_at: new Date(session.expiresAt).toISOString(),
    };
  });

  app.delete('/ui/api/session', async (request, reply) => {
    const session = request.dashboardSession;
    if (session) sessions.delete(session.id);
    clearSessionCookie(reply, options.secureCookies);
    return reply.code(204).send();
  });
}
