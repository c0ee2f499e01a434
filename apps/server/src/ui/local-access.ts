import { isIP } from 'node:net';
import type { FastifyRequest } from 'fastify';

/** `localhost`, `127.0.0.1` or `[::1]`, optionally with a numeric port, and nothing else. */
const LOCAL_HOST_HEADER = /^(localhost|127\.0\.0\.1|\[::1\])(:\d{1,5})?$/i;

/** Headers a proxy adds to say who the real client is; their presence means a proxy forwarded the request. */
const isForwardingHeader = (name: string) =>
  name === 'forwarded' || name === 'x-real-ip' || name.startsWith('x-forwarded-');

export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  const ip = address.startsWith('::ffff:') ? address.slice(7) : address;
  return ip === '::1' || /^127(\.\d{1,3}){3}$/.test(ip);
}

const normaliseIp = (address: string) => (address.startsWith('::ffff:') ? address.slice(7) : address);

/** TRUST_PROXY: comma-separated proxy addresses (`127.0.0.1,10.0.0.5`); empty trusts no proxy. */
export function parseTrustedProxies(raw: string): string[] {
  return raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map(normaliseIp);
}

export function invalidTrustedProxies(raw: string): string[] {
  return parseTrustedProxies(raw).filter((ip) => isIP(ip) === 0);
}

/**
 * The client a trusted proxy reports: the right-most `X-Forwarded-For` entry (the one that proxy appended),
 * else `X-Real-IP`. Undefined when it reports none or several conflicting headers cannot be read.
 */
function forwardedClient(request: FastifyRequest): string | undefined {
  const xff = request.headers['x-forwarded-for'];
  const last = (typeof xff === 'string' ? xff : xff?.join(','))?.split(',').at(-1)?.trim();
  if (last) return last;
  const realIp = request.headers['x-real-ip'];
  return typeof realIp === 'string' ? realIp.trim() : undefined;
}

/**
 * A request from this machine. Locality comes from the socket's peer address, never from what the request
 * says about itself: the peer must be loopback and the Host header exactly a loopback name (a DNS-rebinding
 * page reaches the loopback peer under its own host name). Any forwarding header (`Forwarded`,
 * `X-Forwarded-*`, `X-Real-IP`) makes the request remote, unless the peer is one of `trustedProxies`: then
 * the client that proxy reports must itself be loopback. A tunnel that adds no header (`ssh -L`, socat) is
 * local by design: whoever can open it can already reach the loopback port.
 */
export function isLocalRequest(request: FastifyRequest, trustedProxies: readonly string[] = []): boolean {
  const peer = request.socket.remoteAddress;
  const host = request.headers.host;
  if (!host || !LOCAL_HOST_HEADER.test(host)) return false;
  if (peer && trustedProxies.includes(normaliseIp(peer))) return isLoopbackAddress(forwardedClient(request));
  return isLoopbackAddress(peer) && !Object.keys(request.headers).some(isForwardingHeader);
}
