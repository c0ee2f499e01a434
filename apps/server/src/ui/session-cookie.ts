import type { FastifyReply, FastifyRequest } from 'fastify';

export const SESSION_COOKIE = 'sa_session';

/** The session id from the Cookie header (no cookie plugin needed for one cookie). */
export function readSessionCookie(request: FastifyRequest): string | undefined {
  const header = request.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === SESSION_COOKIE) return value.join('=') || undefined;
  }
  return undefined;
}

/** HttpOnly + SameSite=Strict always; Secure when the dashboard may be reached from other machines. */
export function setSessionCookie(
  reply: FastifyReply,
  sessionId: string,
  options: { maxAgeSeconds: number; secure: boolean },
): void {
  const attributes = [
    `${SESSION_COOKIE}=${sessionId}`,
    'Path=/',
    'HttpOnly',
    'SameSite=Strict',
    `Max-Age=${Math.floor(options.maxAgeSeconds)}`,
  ];
  if (options.secure) attributes.push('Secure');
  void reply.header('set-cookie', attributes.join('; '));
}

export function clearSessionCookie(reply: FastifyReply, secure: boolean): void {
  setSessionCookie(reply, '', { maxAgeSeconds: 0, secure });
}
