import { lookup as dnsLookup } from 'node:dns';
import type { LookupAddress } from 'node:dns';
import ipaddr from 'ipaddr.js';

/**
 * Which addresses a webhook may reach. A webhook URL is an SSRF vector: whoever can set one makes the server
 * send requests. Link-local and cloud metadata addresses are always refused; loopback and private ranges
 * only when the operator allows them (a receiver on the same host or LAN).
 */
export interface UrlPolicyConfig {
  allowLoopback: boolean;
  allowPrivate: boolean;
  /** Hostnames, addresses or CIDR ranges allowed even when loopback or private (never link-local). */
  allowedHosts: readonly string[];
}

const METADATA_HOSTS = new Set(['metadata.google.internal', 'metadata.goog', 'metadata']);
const METADATA_ADDRESSES = new Set(['169.254.169.254', 'fd00:ec2::254', '100.100.100.200']);
/** Ranges that are never a webhook receiver, whatever the configuration. */
const ALWAYS_REFUSED = new Set(['linkLocal', 'unspecified', 'multicast', 'broadcast', 'reserved']);
const PRIVATE = new Set(['private', 'uniqueLocal', 'carrierGradeNat']);

export class UrlRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UrlRefusedError';
  }
}

type Resolver = (hostname: string) => Promise<LookupAddress[]>;

const resolveAll: Resolver = (hostname) =>
  new Promise((resolve, reject) => {
    dnsLookup(hostname, { all: true, verbatim: true }, (error, addresses) =>
      error ? reject(error) : resolve(addresses),
    );
  });

export class UrlPolicy {
  readonly #hosts: Set<string>;
  readonly #ranges: [ipaddr.IPv4 | ipaddr.IPv6, number][];

  constructor(
    private readonly config: UrlPolicyConfig,
    private readonly resolve: Resolver = resolveAll,
  ) {
    this.#hosts = new Set();
    this.#ranges = [];
    for (const entry of config.allowedHosts) {
      if (entry.includes('/')) this.#ranges.push(ipaddr.parseCIDR(entry));
      else if (ipaddr.isValid(entry)) {
        this.#ranges.push([ipaddr.process(entry), entry.includes(':') ? 128 : 32]);
      } else this.#hosts.add(entry.toLowerCase());
    }
  }

  /**
   * Checks a URL before it is stored: scheme, host name, and every address the name resolves to now.
   * Throws {@link UrlRefusedError} with the reason.
   */
  async checkUrl(raw: string): Promise<void> {
    const url = new URL(raw);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new UrlRefusedError('only http and https');
    }
    if (url.username || url.password) throw new UrlRefusedError('credentials in the URL are not allowed');
    await this.addressesFor(url.hostname);
  }

  /**
   * The addresses of `hostname`, each checked; throws when any one is refused (a name that resolves to a
   * public and a metadata address is refused as a whole). Delivery connects to these checked addresses
   * only, so a name re-resolved to an internal address between check and connect (DNS rebinding) is
   * caught too.
   */
  async addressesFor(hostname: string): Promise<LookupAddress[]> {
    const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
    if (METADATA_HOSTS.has(host)) throw new UrlRefusedError(`${host} is a metadata address`);
    let addresses: LookupAddress[];
    if (ipaddr.isValid(host)) {
      addresses = [{ address: host, family: host.includes(':') ? 6 : 4 }];
    } else {
      try {
        addresses = await this.resolve(host);
      } catch (error) {
        throw new UrlRefusedError(`${host} does not resolve (${(error as Error).message})`);
      }
      if (addresses.length === 0) throw new UrlRefusedError(`${host} does not resolve`);
    }
    for (const { address } of addresses) this.#check(host, address);
    return addresses;
  }

  #check(host: string, address: string): void {
    const ip = ipaddr.process(address);
    const normal = ip.toNormalizedString();
    const canonical = ip.kind() === 'ipv6' ? ipaddr.IPv6.parse(normal).toString() : normal;
    if (METADATA_ADDRESSES.has(canonical)) throw new UrlRefusedError(`${address} is a metadata address`);
    const range = ip.range();
    if (ALWAYS_REFUSED.has(range)) throw new UrlRefusedError(`${address} is a ${range} address`);
    if (range !== 'loopback' && !PRIVATE.has(range)) return;
    if (this.#allowedExplicitly(host, ip)) return;
    if (range === 'loopback' && this.config.allowLoopback) return;
    if (PRIVATE.has(range) && this.config.allowPrivate) return;
    throw new UrlRefusedError(
      `${address} is a ${range} address (allow it with WEBHOOK_ALLOWED_HOSTS or WEBHOOK_ALLOW_${
        range === 'loopback' ? 'LOOPBACK' : 'PRIVATE'
      })`,
    );
  }

  #allowedExplicitly(host: string, ip: ipaddr.IPv4 | ipaddr.IPv6): boolean {
    if (this.#hosts.has(host)) return true;
    return this.#ranges.some(([range, bits]) => range.kind() === ip.kind() && ip.match(range, bits));
  }
}
