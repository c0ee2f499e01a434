import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isLocalRequest, parseTrustedProxies } from './local-access.js';

/** Real Fastify requests (inject sets the socket's peer address), answered with the locality verdict. */
describe('isLocalRequest', () => {
  let app: FastifyInstance;
  let trusted: string[] = [];
  beforeAll(async () => {
    app = Fastify();
    app.get('/', (request) => ({ local: isLocalRequest(request, trusted) }));
    await app.ready();
  });
  afterAll(() => app.close());

  const verdict = async (headers: Record<string, string>, remoteAddress = '127.0.0.1') =>
    (await app.inject({ url: '/', headers, remoteAddress })).json<{ local: boolean }>().local;

  it('is local for a loopback peer with a loopback Host, port or not', async () => {
    expect(await verdict({ host: 'localhost:8000' })).toBe(true);
    expect(await verdict({ host: 'LOCALHOST' })).toBe(true);
    expect(await verdict({ host: '127.0.0.1:8000' })).toBe(true);
    expect(await verdict({ host: '[::1]:8000' }, '::1')).toBe(true);
    expect(await verdict({ host: 'localhost' }, '::ffff:127.0.0.1')).toBe(true);
  });

  it('parses Host strictly', async () => {
    for (const host of [
      'localhost:evil',
      'localhost:8000:1',
      'localhost.evil.example',
      'evil.example',
      '127.0.0.1.evil.example',
      '[::1]evil',
      'localhost@evil.example',
    ]) {
      expect(await verdict({ host }), host).toBe(false);
    }
  });

  it('is remote for a non-loopback peer whatever the headers say', async () => {
    expect(await verdict({ host: 'localhost' }, '192.0.2.10')).toBe(false);
    expect(await verdict({ host: 'localhost', 'x-forwarded-for': '127.0.0.1' }, '192.0.2.10')).toBe(false);
  });

  it('treats every forwarding header as remote unless TRUST_PROXY names the peer', async () => {
    for (const [name, value] of [
      ['forwarded', 'for=203.0.113.9'],
      ['x-forwarded-for', '203.0.113.9'],
      ['x-forwarded-host', 'localhost'],
      ['x-forwarded-proto', 'https'],
      ['x-real-ip', '127.0.0.1'],
    ] as const) {
      expect(await verdict({ host: 'localhost', [name]: value }), name).toBe(false);
    }
  });

  it('believes a trusted proxy about its client, and only a loopback client is local', async () => {
    trusted = parseTrustedProxies('10.0.0.5, 127.0.0.1');
    try {
      expect(await verdict({ host: 'localhost', 'x-forwarded-for': '127.0.0.1' }, '10.0.0.5')).toBe(true);
      expect(await verdict({ host: 'localhost', 'x-forwarded-for': '203.0.113.9' }, '10.0.0.5')).toBe(false);
      // A client-supplied left-most entry does not count: the proxy appends the real peer on the right.
      expect(
        await verdict({ host: 'localhost', 'x-forwarded-for': '127.0.0.1, 203.0.113.9' }, '127.0.0.1'),
      ).toBe(false);
      expect(await verdict({ host: 'localhost', 'x-real-ip': '203.0.113.9' }, '10.0.0.5')).toBe(false);
      expect(await verdict({ host: 'localhost' }, '10.0.0.5')).toBe(false);
      expect(await verdict({ host: 'localhost:evil', 'x-forwarded-for': '127.0.0.1' }, '10.0.0.5')).toBe(
        false,
      );
      expect(await verdict({ host: 'localhost', 'x-real-ip': '203.0.113.9' }, '10.0.0.6')).toBe(false);
    } finally {
      trusted = [];
    }
  });
});
