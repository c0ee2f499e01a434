import type { FastifyRequest } from 'fastify';

const LOCAL_HOSTNAMES = new Set(['localhost', '127.0.0.1', '[::1]']);

export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  const ip = address.startsWith('::ffff:') ? address.slice(7) : address;
  return ip === '::1' || /^127(\.\d{1,3}){3}$/.test(ip);
}

/** `localhost:8000` → `localhost`; `[::1]:8000` → `[::1]`. */
function hostnameOf(hostHeader: string): string {
  const end = hostHeader.startsWith('[') ? hostHeader.indexOf(']') + 1 : hostHeader.lastIndexOf(':');
  return (end > 0 ? hostHeader.slice(0, end) : hostHeader).toLowerCase();
}

/**
 * A request from this machine: loopback peer AND a loopback Host header (a DNS-rebinding page reaches the
 * loopback peer under its own host name) AND no proxy headers (behind a reverse proxy every peer is
 * loopback — original bug 4).
 */
export function isLocalRequest(request: FastifyRequest): boolean {
  const { headers } = request;
  if (headers['x-forwarded-for'] !== undefined || headers.forwarded !== undefined) return false;
  const host = headers.host;
  return isLoopbackAddress(request.socket.remoteAddress) && !!host && LOCAL_HOSTNAMES.has(hostnameOf(host));
}
