/** Hosts on which an auto-started Redis can be reached; anything else is never started by us. */
const LOOPBACK_NAMES = new Set(['localhost', '[::1]', '::1']);

/** `url` with any user name and password masked, safe for logs and health reasons. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    if (parsed.username) parsed.username = '***';
    return parsed.toString();
  } catch {
    return '<unparseable url>';
  }
}

/** Where a loopback Redis URL points; `undefined` for remote hosts, TLS and unparseable URLs. */
export interface LoopbackRedisTarget {
  /** Address to bind an auto-started redis-server to. */
  bindAddress: string;
  port: number;
}

/**
 * The loopback target of a `redis://` URL, or `undefined` when the URL is not loopback (we must never
 * start anything for a remote host) or uses TLS (`rediss://`, which a local redis-server would not speak).
 */
export function loopbackTarget(redisUrl: string): LoopbackRedisTarget | undefined {
  let parsed: URL;
  try {
    parsed = new URL(redisUrl);
  } catch {
    return undefined;
  }
  if (parsed.protocol !== 'redis:') return undefined;
  const host = parsed.hostname.toLowerCase();
  const isIpv4Loopback = /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
  if (!isIpv4Loopback && !LOOPBACK_NAMES.has(host)) return undefined;
  const port = parsed.port === '' ? 6379 : Number(parsed.port);
  // "localhost" may resolve to ::1 first; the leading "-" makes the IPv6 bind optional (Redis >= 6.2).
  const bindAddress = isIpv4Loopback ? host : host === 'localhost' ? '127.0.0.1 -::1' : '::1';
  return { bindAddress, port };
}
