import type { IdentifyResponse } from '@attendance/protocol';
import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import type { TestServer } from './test-server.js';

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';
type Headers = Record<string, string>;

/**
 * Requests to an attendance test server, whose server and people are set up in `beforeAll` (hence the
 * getters): `inject` answers whatever the server says; `call` expects a 2xx and answers its JSON; `sight`
 * identifies an enrolled person's face at a camera, captured now or at `at`. Headers default to the admin key.
 */
export function attendanceCalls(
  getServer: () => TestServer,
  people: Record<string, { face: number[] }>,
): {
  inject: (
    method: Method,
    url: string,
    payload?: object,
    headers?: Headers,
  ) => Promise<LightMyRequestResponse>;
  call: <T>(method: Method, url: string, payload?: object, headers?: Headers) => Promise<T>;
  sight: (name: string, camera: string, at?: string) => Promise<IdentifyResponse>;
} {
  const admin = () => ({ 'x-api-key': getServer().adminKey });
  const inject = (method: Method, url: string, payload?: object, headers: Headers = admin()) =>
    getServer().app.inject({ method, url, headers, ...(payload ? { payload } : {}) });
  const call = async <T>(method: Method, url: string, payload?: object, headers?: Headers): Promise<T> => {
    const response = await inject(method, url, payload, headers);
    expect(response.statusCode, `${method} ${url}: ${response.body}`).toBeLessThan(300);
    return response.json<T>();
  };
  const sight = (name: string, camera: string, at?: string) =>
    call<IdentifyResponse>('POST', '/v1/identify', {
      camera_id: camera,
      model: 'default-512',
      ...(at ? { captured_at: at } : {}),
      faces: [{ embedding: people[name]?.face }],
    });
  return { inject, call, sight };
}
