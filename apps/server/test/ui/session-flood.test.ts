import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../support/api-keys.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

/** A flood of dashboard sign-ins with one valid low-privilege key cannot sign an admin out. */
describe('dashboard session flood', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({
      driver: 'pglite',
      env: { MODELS_DIR: '../shared/models', RATE_LIMIT_IP_PER_MINUTE: '0' },
    });
  });
  afterAll(async () => {
    await server?.close();
  });

  const signIn = async (key: string) => {
    const response = await server.app.inject({
      method: 'POST',
      url: '/ui/api/session',
      headers: { host: 'localhost', origin: 'http://localhost' },
      payload: { api_key: key },
    });
    return { status: response.statusCode, cookie: (response.headers['set-cookie'] as string).split(';')[0] };
  };

  it('keeps the admin session through 1,010 sign-ins with an edge key', async () => {
    const admin = await signIn(server.adminKey);
    expect(admin.status).toBe(200);
    const edgeKey = (await createApiKey(server, 'edge')).key;
    for (let i = 0; i < 1010; i++) expect((await signIn(edgeKey)).status).toBe(200);
    const check = await server.app.inject({
      method: 'GET',
      url: '/ui/api/session',
      headers: { host: 'localhost', cookie: admin.cookie ?? '' },
    });
    expect(check.statusCode).toBe(200);
    expect(check.json<{ scopes: string[] }>().scopes).toEqual(['admin']);
  });
});
