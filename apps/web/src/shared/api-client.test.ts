import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiClient, ApiError } from './api-client.js';

const SESSION = {
  scopes: ['operator'],
  account: { id: '0b5f1c9e-7a53-4f0a-9d43-2f1f3b1c8e21', username: 'ana', role: 'operator' },
  csrf_token: 'csrf-123',
  expires_at: '2026-12-07T08:00:00.000Z',
};

/** A real HTTP server standing in for the dashboard's origin: a session route and one write route. */
let seen: { method: string; url: string; headers: IncomingHttpHeaders }[] = [];
let signedIn = false;
let server: Server;
const reload = vi.fn();

beforeAll(async () => {
  server = createServer((request, response) => {
    seen.push({ method: request.method ?? '', url: request.url ?? '', headers: request.headers });
    request.resume();
    const reply = (status: number, body: unknown) => {
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(body));
    };
    if (request.url === '/ui/api/session' && request.method === 'POST') {
      signedIn = true;
      return reply(200, SESSION);
    }
    if (!signedIn) return reply(401, { error: { code: 'unauthorized', message: 'sign in first' } });
    if (request.url === '/ui/api/session') return reply(200, SESSION);
    return reply(200, { items: [], time_zone: 'Europe/Madrid' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  vi.stubGlobal('location', { origin, reload });
});
afterAll(() => {
  vi.unstubAllGlobals();
  return new Promise<void>((resolve) => server.close(() => resolve()));
});
beforeEach(() => {
  seen = [];
  signedIn = false;
  reload.mockClear();
});

describe('dashboard API client (same-origin session)', () => {
  it('reads no session as signed out, without reloading the page', async () => {
    const api = new ApiClient();
    expect(await api.loadSession()).toBeNull();
    expect(reload).not.toHaveBeenCalled();
  });

  it('signs in with an API key and sends the CSRF token on writes only', async () => {
    const api = new ApiClient();
    await api.login('the-kiosk-key');
    expect(api.session?.csrf_token).toBe('csrf-123');
    await api.post('/v1/groups', { name: 'Night shift' });
    await api.listGroups();
    expect(seen.map((request) => [request.method, request.headers['x-csrf-token']])).toEqual([
      ['POST', undefined],
      ['POST', 'csrf-123'],
      ['GET', undefined],
    ]);
    expect(api.hasScope('viewer')).toBe(true);
    expect(api.hasScope('admin')).toBe(false);
  });

  it('starts over at sign-in when the session ends (401 while signed in)', async () => {
    const api = new ApiClient();
    await api.login({ username: 'ana', password: 'correct horse battery' });
    signedIn = false;
    const failure = await api.listGroups().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ApiError);
    expect(failure).toMatchObject({ status: 401, code: 'unauthorized' });
    expect(api.session).toBeNull();
    expect(reload).toHaveBeenCalledOnce();
  });
});
