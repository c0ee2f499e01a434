import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/test-server.js';

interface JsonSchema {
  description?: string;
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
}
interface Operation {
  summary?: string;
  operationId?: string;
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
  parameters?: { name: string; in: string; description?: string; schema?: { description?: string } }[];
}
interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, JsonSchema> };
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

/** `path.to.field` of every property below `schema` that has no description. */
function undescribedFields(schema: JsonSchema | undefined, prefix = ''): string[] {
  if (!schema) return [];
  const own = Object.entries(schema.properties ?? {}).flatMap(([name, property]) => [
    ...(property.description ? [] : [`${prefix}${name}`]),
    ...undescribedFields(property, `${prefix}${name}.`),
  ]);
  const nested = [schema.items, ...(schema.anyOf ?? []), ...(schema.oneOf ?? []), ...(schema.allOf ?? [])];
  return [...own, ...nested.flatMap((inner) => undescribedFields(inner, prefix))];
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

  it('describes every field of every request body', () => {
    const undescribed = operationsOf(doc).flatMap(([key, operation]) =>
      Object.values(operation.requestBody?.content ?? {}).flatMap((media) =>
        undescribedFields(media.schema).map((field) => `${key} ${field}`),
      ),
    );
    expect(undescribed).toEqual([]);
  });

  it('names the shared schemas once, as components the routes refer to', () => {
    const names = Object.keys(doc.components?.schemas ?? {});
    expect(names).toEqual(
      expect.arrayContaining(['Person', 'PersonPage', 'AttendanceEvent', 'AttendanceEventPage', 'Error']),
    );
    const text = JSON.stringify(doc.paths);
    for (const name of ['Person', 'PersonPage', 'AttendanceEventPage']) {
      expect(text).toContain(`"#/components/schemas/${name}"`);
    }
  });
});
