import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { openSession, type SessionCookieSettings } from '../ui/open-session.js';
import { doc } from '../ui/route-doc.js';
import type { SessionStore } from '../ui/session-store.js';
import type { OidcAccounts } from './oidc-accounts.js';
import type { OidcClient } from './oidc-client.js';
import { roleFromClaims, type OidcRoleMapping } from './oidc-role-mapping.js';
import {
  clearTransactionCookie,
  readTransactionCookie,
  setTransactionCookie,
} from './oidc-transaction-cookie.js';
import { signInRefusedPage } from './sign-in-refused-page.js';

/** OpenID Connect sign-in as wired by the composition root (only when OIDC_ISSUER is set). */
export interface OidcSignIn {
  client: OidcClient;
  accounts: OidcAccounts;
  roles: OidcRoleMapping;
  /** OIDC_REDIRECT_URL; default: this request's origin + the callback path. */
  redirectUrl: URL | undefined;
}

export interface OidcRoutesOptions extends SessionCookieSettings {
  sessions: SessionStore;
  /** Null when OIDC is off: the routes exist and answer 404. */
  oidc: OidcSignIn | null;
}

const CALLBACK_PATH = '/ui/api/oidc/callback';

const docs = {
  start: doc('startOidcSignIn', 'Start sign-in at the OpenID Connect provider (redirects there)'),
  callback: doc('finishOidcSignIn', "The provider's redirect back: signs the browser in, or a refusal page"),
};

const refuse = (reply: FastifyReply, status: number, title: string, message: string) =>
  reply.code(status).type('text/html; charset=utf-8').send(signInRefusedPage(title, message));

/**
 * `GET /ui/api/oidc/start` sends the browser to the provider; `GET /ui/api/oidc/callback` checks what comes
 * back and signs the browser in with the same database session as a password sign-in. Both are plain
 * navigations (the sign-in button is a link), so refusals are pages, not JSON.
 */
export function registerOidcRoutes(app: FastifyInstance, options: OidcRoutesOptions): void {
  const { oidc } = options;
  if (!oidc) {
    const off = async (_request: FastifyRequest, reply: FastifyReply) =>
      refuse(reply, 404, 'Not configured', 'Sign-in with an OpenID Connect provider is not set up here.');
    app.get('/ui/api/oidc/start', docs.start, off);
    app.get(CALLBACK_PATH, docs.callback, off);
    return;
  }
  const { client } = oidc;
  const redirectUrlOf = (request: FastifyRequest) =>
    oidc.redirectUrl ?? new URL(CALLBACK_PATH, `${request.protocol}://${request.host}`);

  app.get('/ui/api/oidc/start', docs.start, async (request, reply) => {
    let begun: Awaited<ReturnType<OidcClient['begin']>>;
    try {
      begun = await client.begin(redirectUrlOf(request));
    } catch (error) {
      request.log.warn({ err: error }, 'OIDC provider unreachable or its discovery document is invalid');
      return refuse(
        reply,
        502,
        'Sign-in unavailable',
        `${client.providerName} could not be reached; try again.`,
      );
    }
    setTransactionCookie(reply, begun.transaction, options.secureCookies);
    return reply.redirect(begun.url.href, 303);
  });

  app.get(CALLBACK_PATH, docs.callback, async (request, reply) => {
    const transaction = readTransactionCookie(request);
    clearTransactionCookie(reply, options.secureCookies);
    if (!transaction) {
      return refuse(
        reply,
        400,
        'Sign-in expired',
        'This sign-in was not started in this browser or took longer than 10 minutes. Start again.',
      );
    }
    const query = new URLSearchParams(request.url.slice(CALLBACK_PATH.length).replace(/^\?/, ''));
    let person: Awaited<ReturnType<OidcClient['complete']>>;
    try {
      person = await client.complete(query, transaction);
    } catch (error) {
      // The reason (state or nonce mismatch, refused code, bad signature…) is for the log, never a token.
      request.log.warn({ err: error }, 'OIDC sign-in refused: the provider response did not verify');
      return refuse(
        reply,
        400,
        'Sign-in refused',
        `The answer from ${client.providerName} could not be verified. Start the sign-in again.`,
      );
    }
    const role = roleFromClaims(person.claims, oidc.roles);
    if (!role) {
      request.log.warn({ claim: oidc.roles.claim }, 'OIDC sign-in refused: no value maps to a role');
      return refuse(
        reply,
        403,
        'No access to Smart Attendance',
        `Your ${client.providerName} account is not in a group that grants a role here ` +
          `(claim "${oidc.roles.claim}"). Ask an administrator to add you to one.`,
      );
    }
    const signedIn = await oidc.accounts.signIn(person.identity, role, person.claims);
    if (!signedIn.ok) {
      return refuse(reply, 403, 'Account disabled', 'Your account here is disabled. Ask an administrator.');
    }
    const owner = { accountId: signedIn.account.id, admin: role === 'admin' };
    if (!(await openSession(request, reply, options.sessions, owner, options))) {
      return refuse(
        reply,
        429,
        'Too many sessions',
        'Too many signed-in sessions; sign out elsewhere first.',
      );
    }
    return reply.redirect('/ui/', 303);
  });
}
