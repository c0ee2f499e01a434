import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { OidcTransaction } from './oidc-client.js';

const COOKIE = 'sa_oidc';
/** Sent to the callback only. */
const PATH = '/ui/api/oidc';
/** Time to sign in at the provider. */
const MAX_AGE_SECONDS = 600;

const TransactionSchema = z.strictObject({
  state: z.string().min(1).max(200),
  nonce: z.string().min(1).max(200),
  codeVerifier: z.string().min(43).max(128),
  redirectUrl: z.url().max(2000),
});

/**
 * The sign-in in progress, kept by the browser that started it: state, nonce and PKCE verifier are random per
 * sign-in and never leave this browser and this server (HttpOnly). SameSite=Lax, because the provider's
 * redirect back is a cross-site navigation, which a Strict cookie would not accompany.
 */
export function setTransactionCookie(
  reply: FastifyReply,
  transaction: OidcTransaction,
  secure: boolean,
): void {
  const value = Buffer.from(JSON.stringify(transaction)).toString('base64url');
  writeCookie(reply, value, MAX_AGE_SECONDS, secure);
}

/** The transaction this browser started, or `undefined` (none, expired, or not ours). */
export function readTransactionCookie(request: FastifyRequest): OidcTransaction | undefined {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const [name, value] = part.trim().split('=');
    if (name !== COOKIE || !value || value.length > 4000) continue;
    try {
      const parsed = TransactionSchema.safeParse(JSON.parse(Buffer.from(value, 'base64url').toString()));
      return parsed.success ? parsed.data : undefined;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** Each transaction is used once, whatever the outcome. */
export function clearTransactionCookie(reply: FastifyReply, secure: boolean): void {
  writeCookie(reply, '', 0, secure);
}

function writeCookie(reply: FastifyReply, value: string, maxAge: number, secure: boolean): void {
  const attributes = [`${COOKIE}=${value}`, `Path=${PATH}`, 'HttpOnly', 'SameSite=Lax', `Max-Age=${maxAge}`];
  if (secure) attributes.push('Secure');
  void reply.header('set-cookie', attributes.join('; '));
}
