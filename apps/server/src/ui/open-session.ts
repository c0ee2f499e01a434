import type { FastifyReply, FastifyRequest } from 'fastify';
import { setSessionCookie } from './session-cookie.js';
import type { NewSession, SessionOwner, SessionStore } from './session-store.js';

export interface SessionCookieSettings {
  sessionTtlMs: number;
  secureCookies: boolean;
}

/**
 * Signs a browser in, whatever proved who it is (password, API key, first-admin setup, OIDC): a new session
 * with a fresh token in the cookie, and the browser's previous session (if any) ended. `undefined` when the
 * store is full (the caller answers 429).
 */
export async function openSession(
  request: FastifyRequest,
  reply: FastifyReply,
  sessions: SessionStore,
  owner: SessionOwner,
  settings: SessionCookieSettings,
): Promise<NewSession | undefined> {
  const created = await sessions.create(owner);
  if (!created) return undefined;
  // One browser, one session.
  if (request.dashboardSession) await sessions.delete(request.dashboardSession.id);
  setSessionCookie(reply, created.token, {
    maxAgeSeconds: settings.sessionTtlMs / 1000,
    secure: settings.secureCookies,
  });
  return created;
}
