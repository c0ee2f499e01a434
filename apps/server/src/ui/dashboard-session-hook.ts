import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isLocalRequest } from './local-access.js';
import type { OriginPolicy } from '../access/origin-policy.js';
import { applySecurityHeaders } from './security-headers.js';
import { readSessionCookie } from './session-cookie.js';
import { sameToken, type DashboardSession, type SessionStore } from './session-store.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The dashboard session (cookie) that authenticates this request, if any. */
    dashboardSession: DashboardSession | null;
  }
}

export interface DashboardSessionHookOptions {
  sessions: SessionStore;
  originPolicy: OriginPolicy;
  remoteDashboard: boolean;
  trustedProxies: readonly string[];
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const isDashboardPath = (url: string) => /^\/(ui|kiosk)(\/|\?|$)/.test(url);
/** Signing in replaces the session; it carries no CSRF token (the Origin check still applies). */
const isSignIn = (request: FastifyRequest) =>
  request.method === 'POST' && /^\/ui\/api\/(session|setup)(\?|$)/.test(request.url);

/**
 * Runs before the API-key auth hook. For dashboard pages, and for any request carrying a session cookie:
 * refuses non-local access unless REMOTE_DASHBOARD is on; requires a matching Origin and the session's CSRF
 * token on mutating requests; then sets the session's principal (an account's role as scopes, or the kiosk's
 * API key) as the request's key, so every route keeps a single authorization check (scopes) whether the
 * caller is a script or a browser. A request with an `X-API-Key` header is judged by that header alone.
 */
export function registerDashboardSessionHook(
  app: FastifyInstance,
  options: DashboardSessionHookOptions,
): void {
  app.decorateRequest('dashboardSession', null);
  app.addHook('onRequest', async (request, reply) => {
    const dashboardPage = isDashboardPath(request.url);
    const session = await options.sessions.resolve(readSessionCookie(request));
    if (dashboardPage) applySecurityHeaders(reply);
    if (!dashboardPage && !session) return;
    if (!options.remoteDashboard && !isLocalRequest(request, options.trustedProxies)) {
      return deny(reply, 'dashboard access is local-only on this server (REMOTE_DASHBOARD=false)');
    }
    if (!session || request.headers['x-api-key'] !== undefined) return;
    if (!SAFE_METHODS.has(request.method) && !isSignIn(request)) {
      if (!options.originPolicy.isAllowed(request)) return deny(reply, 'Origin not allowed');
      if (!sameToken(session.csrfToken, request.headers['x-csrf-token'])) {
        return deny(reply, 'missing or wrong X-CSRF-Token header');
      }
    }
    request.apiKey = session.principal;
    request.dashboardSession = session;
  });
}

async function deny(reply: FastifyReply, message: string): Promise<FastifyReply> {
  return reply.code(403).send({ error: { code: 'forbidden', message } });
}

/** True for requests authenticated by a session cookie rather than an X-API-Key header. */
export const viaSession = (request: FastifyRequest): boolean => request.dashboardSession !== null;
