import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/test-server.js';

interface Operation {
  summary?: string;
  operationId?: string;
  parameters?: { name: string; in: string; description?: string; schema?: { description?: string } }[];
}
interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
}

const METHODS = new Set(['get', 'post', 'put', 'patch', 'delete']);

/** Every operation of the document as `METHOD /path` with its description. */
function operationsOf(doc: OpenApiDocument): [string, Operation][] {
  return Object.entries(doc.paths).flatMap(([route, methods]) =>
    Object.entries(methods)
      .filter(([method]) => METHODS.has(method))
      .map(([method, operation]): [string, Operation] => [`${method.toUpperCase()} ${route}`, operation]),
  );
}

describe('the OpenAPI document (/docs/json)', () => {
  let server: TestServer;
  let doc: OpenApiDocument;
  beforeAll(async () => {
    server = await startTestServer({ driver: 'pglite' });
    doc = (await server.app.inject({ method: 'GET', url: '/docs/json' })).json<OpenApiDocument>();
  });
  afterAll(async () => {
    await server?.close();
  });

  it('gives every route a summary and a unique operationId', () => {
    const operations = operationsOf(doc);
    expect(operations.length).toBeGreaterThan(40);
    const missing = operations
      .filter(([, operation]) => !operation.summary?.trim() || !operation.operationId)
      .map(([key]) => key);
    expect(missing).toEqual([]);
    const ids = operations.map(([, operation]) => operation.operationId);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it.each(['path', 'query'])('describes every %s parameter', (where) => {
    const undescribed = operationsOf(doc).flatMap(([key, operation]) =>
      (operation.parameters ?? [])
        .filter((parameter) => parameter.in === where)
        .filter((parameter) => !parameter.description && !parameter.schema?.description)
        .map((parameter) => `${key} ${parameter.name}`),
    );
    expect(undescribed).toEqual([]);
  });
});
