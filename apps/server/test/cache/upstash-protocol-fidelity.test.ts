import { Redis as UpstashRedis } from '@upstash/redis';
import { describe, expect, it } from 'vitest';
import { upstashOverSharedRedis } from './helpers/cache-test-kit.js';

const TOKEN = 'fidelity-token-90ab';

/**
 * Our Upstash stand-in must speak the protocol the way Upstash does, or the Upstash tests prove
 * nothing: Upstash's own client (`@upstash/redis`, base64 response encoding, its own request shape)
 * must work against it unchanged.
 */
describe('Upstash REST test server vs the official @upstash/redis client', () => {
  const { prefix, inspector, server: upstash } = upstashOverSharedRedis(TOKEN);

  it('runs SET NX PX, EXISTS, GET, PTTL and DEL on the real Redis', async () => {
    const client = new UpstashRedis({ url: upstash().url, token: TOKEN, retry: false });
    const key = `${prefix}:cooldown:official`;
    expect(await client.ping()).toBe('PONG');
    expect(await client.set(key, 'marked', { nx: true, px: 30_000 })).toBe('OK');
    expect(await client.set(key, 'again', { nx: true, px: 30_000 })).toBeNull();
    expect(await client.exists(key)).toBe(1);
    expect(await client.get(key)).toBe('marked');
    expect(await inspector.get(key)).toBe('marked');
    const ttl = await client.pttl(key);
    expect(ttl).toBeGreaterThan(25_000);
    expect(await client.del(key)).toBe(1);
    expect(await inspector.exists(key)).toBe(0);
  });

  it('rejects a wrong token and surfaces error replies', async () => {
    const wrong = new UpstashRedis({ url: upstash().url, token: 'nope', retry: false });
    await expect(wrong.ping()).rejects.toThrow();
    const client = new UpstashRedis({ url: upstash().url, token: TOKEN, retry: false });
    await inspector.hset(`${prefix}:hash`, 'f', 'v');
    await expect(client.get(`${prefix}:hash`)).rejects.toThrow(/WRONGTYPE/);
  });
});
