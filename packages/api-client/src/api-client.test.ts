import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ApiClient } from './api-client.js';
import { ApiError, NetworkError, isRetryable } from './errors.js';
import type { Transport } from './transport.js';

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

/** A real HTTP server whose next answer each test sets; it records what it received. */
let answer: { status: number; body: string; delayMs?: number } = { status: 200, body: '{}' };
let seen: Seen[] = [];
let server: Server;
let base = '';

beforeAll(async () => {
  server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      seen.push({ method: request.method ?? '', url: request.url ?? '', headers: request.headers, body });
      setTimeout(() => {
        response.writeHead(answer.status, { 'content-type': 'application/json' });
        response.end(answer.body);
      }, answer.delayMs ?? 0);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  seen = [];
  answer = { status: 200, body: '{}' };
});

const transport = (extra: Partial<Transport> = {}): Transport => ({
  url: (path) => `${base}${path}`,
  authenticate: (method) => {
    const headers: Record<string, string> = method === 'GET' ? {} : { 'x-csrf-token': 'token-1' };
    return { headers };
  },
  ...extra,
});

const group = {
  id: '5b0e4b5e-4c55-4bb0-9d4e-8c1e1a6c3f10',
  name: 'Night shift',
  schedule: null,
  member_ids: [],
};

describe('shared API client', () => {
  it('encodes query parameters and leaves out unset and empty ones', async () => {
    answer = { status: 200, body: JSON.stringify({ items: [], total: 0, limit: 5, offset: 0 }) };
    await new ApiClient(transport()).listPeople({
      q: 'Ana María & co',
      active: 'true',
      without_model: '',
      limit: 5,
    });
    expect(seen[0]?.url).toBe('/v1/people?q=Ana+Mar%C3%ADa+%26+co&active=true&limit=5');
    expect(seen[0]?.method).toBe('GET');
  });

  it('escapes ids in the path', async () => {
    answer = { status: 200, body: JSON.stringify({ items: [], total: 0 }) };
    await new ApiClient(transport()).listLeave('a/b?c');
    expect(seen[0]?.url).toBe('/v1/people/a%2Fb%3Fc/leave');
  });

  it('sends the body as JSON with the transport headers; writes carry them, reads do not', async () => {
    const client = new ApiClient(transport());
    await client.post('/v1/groups', { name: 'Night shift' });
    answer = { status: 200, body: JSON.stringify({ items: [group], time_zone: 'Europe/Madrid' }) };
    const groups = await client.listGroups();
    expect(groups.items[0]?.name).toBe('Night shift');
    expect(seen[0]?.headers['content-type']).toBe('application/json');
    expect(seen[0]?.headers['x-csrf-token']).toBe('token-1');
    expect(JSON.parse(seen[0]?.body ?? '')).toEqual({ name: 'Night shift' });
    expect(seen[1]?.headers['x-csrf-token']).toBeUndefined();
    expect(seen[1]?.headers['content-type']).toBeUndefined();
  });

  it('maps a protocol error body to ApiError with its code, and lets the transport see the status', async () => {
    answer = {
      status: 409,
      body: JSON.stringify({ error: { code: 'duplicate_face', message: 'already enrolled as Ana' } }),
    };
    const statuses: number[] = [];
    const failure = await new ApiClient(transport({ onErrorStatus: (status) => statuses.push(status) }))
      .createPerson({ name: 'Ana' })
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ApiError);
    expect(failure).toMatchObject({
      status: 409,
      code: 'duplicate_face',
      message: 'already enrolled as Ana',
    });
    expect(isRetryable(failure)).toBe(false);
    expect(statuses).toEqual([409]);
  });

  it('maps an error answer outside the protocol (a proxy page) to unexpected_response', async () => {
    answer = { status: 502, body: '<html>Bad gateway</html>' };
    const failure = await new ApiClient(transport()).listGroups().catch((error: unknown) => error);
    expect(failure).toMatchObject({ status: 502, code: 'unexpected_response' });
    expect(isRetryable(failure)).toBe(true);
  });

  it('refuses a success whose body does not match the schema, naming the field', async () => {
    answer = {
      status: 200,
      body: JSON.stringify({ items: [{ ...group, name: 42 }], time_zone: 'Europe/Madrid' }),
    };
    const failure = await new ApiClient(transport()).listGroups().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ApiError);
    expect(failure).toMatchObject({ status: 200, code: 'unexpected_response' });
    expect((failure as Error).message).toMatch(
      /^GET \/v1\/groups: the answer does not match the protocol \(items\.0\.name: /,
    );
  });

  it('turns a refused connection into a retryable NetworkError', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const client = new ApiClient({
      url: (path) => `http://127.0.0.1:${port}${path}`,
      authenticate: () => ({}),
    });
    const failure = await client.listGroups().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(NetworkError);
    expect(isRetryable(failure)).toBe(true);
  });

  it('gives up after the timeout, per call or from the transport', async () => {
    answer = { status: 200, body: '{}', delayMs: 1000 };
    const failure = await new ApiClient(transport({ timeoutMs: 5000 }))
      .reportSpoof(
        { camera_id: 'door', score: 0.9, reason: 'passive_spoof', mode: 'warn' },
        { timeoutMs: 100 },
      )
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(NetworkError);
    expect((failure as Error).message).toMatch(/timed out after 100 ms/);
  });

  it('reports the status of a diagnostic GET without reading the body', async () => {
    answer = { status: 403, body: JSON.stringify({ error: { code: 'forbidden', message: 'no' } }) };
    expect(await new ApiClient(transport()).probe('/v1/attendance?limit=1')).toBe(403);
  });
});
