import type { ApiKeyScope } from '@attendance/protocol';
import type { TestServer } from './test-server.js';

/** Creates an API key through the real admin route; fails loudly if the server refuses. */
export async function createApiKey(
  server: Pick<TestServer, 'app' | 'adminKey'>,
  scope: ApiKeyScope,
  name = `${scope} key`,
): Promise<{ id: string; key: string }> {
  const created = await server.app.inject({
    method: 'POST',
    url: '/v1/api-keys',
    headers: { 'x-api-key': server.adminKey },
    payload: { name, scopes: [scope] },
  });
  if (created.statusCode !== 201) {
    throw new Error(`creating a ${scope} key: ${created.statusCode} ${created.body}`);
  }
  return created.json<{ id: string; key: string }>();
}
