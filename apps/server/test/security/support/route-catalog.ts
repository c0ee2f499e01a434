/**
 * @module The server's own route table (every registered route) joined with its OpenAPI description, so
 * hostile-input and access tests cover routes added later without being edited.
 */
import type { FastifyInstance } from 'fastify';
import { requiredScope, type RequiredScope } from '../../../src/routes/route-scopes.js';

/** The subset of JSON Schema the zod → OpenAPI transform emits and the tests read. */
export interface JsonSchema {
  type?: string | string[];
  format?: string;
  pattern?: string;
  enum?: unknown[];
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  nullable?: boolean;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  additionalProperties?: boolean | JsonSchema;
}

export interface Parameter {
  name: string;
  schema: JsonSchema;
}

export interface RouteSpec {
  /** `METHOD /pattern` as in the route table, e.g. `GET /v1/people/:id`. */
  key: string;
  method: string;
  pattern: string;
  scope: RequiredScope;
  pathParams: Parameter[];
  queryParams: Parameter[];
  /** JSON body schema, when the route declares one. */
  body?: JsonSchema;
}

/** An id that is valid but names nothing, so a mutating route that got this far answers 404, not 2xx. */
export const ABSENT_UUID = '00000000-0000-4000-8000-000000000000';
/** Valid values for path parameters by their schema (format uuid, or a camera/model id pattern). */
export const validParamValue = (schema: JsonSchema) => (schema.format === 'uuid' ? ABSENT_UUID : 'absent-id');

/** Percent-encodes like encodeURIComponent, but also a lone surrogate (as the invalid UTF-8 bytes ED A0 80). */
export function encodeLoosely(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    return [...value]
      .map((char) => {
        try {
          return encodeURIComponent(char);
        } catch {
          const code = char.charCodeAt(0);
          const bytes = [0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f)];
          return bytes.map((b) => `%${b.toString(16).toUpperCase()}`).join('');
        }
      })
      .join('');
  }
}

/** A concrete URL with valid, absent ids for every path parameter, overridden by `params`. */
export function concreteUrl(route: RouteSpec, params: Record<string, string> = {}, query = ''): string {
  let url = route.pattern;
  for (const param of route.pathParams) {
    const value = params[param.name] ?? validParamValue(param.schema);
    url = url.replace(`:${param.name}`, encodeLoosely(value));
  }
  return query ? `${url}?${query}` : url;
}

interface OpenApiOperation {
  parameters?: { in: string; name: string; schema?: JsonSchema }[];
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
}

/** Static files (Swagger UI, the built dashboard) and live sockets (tested over WebSocket) are not JSON routes. */
const isStaticOrSocket = (pattern: string) =>
  pattern.startsWith('/docs') ||
  pattern === '/ui/*' ||
  pattern === '/ui' ||
  pattern === '/kiosk' ||
  pattern.startsWith('/v1/live/') ||
  pattern.startsWith('/ws/');

/** Every registered JSON route with its parameters and body schema from the app's own OpenAPI document. */
export async function routeCatalog(app: FastifyInstance): Promise<RouteSpec[]> {
  await app.ready();
  const doc = app.swagger() as { paths?: Record<string, Record<string, OpenApiOperation>> };
  const routes: RouteSpec[] = [];
  for (const key of [...new Set(app.registeredRoutes)].sort()) {
    const [method = '', pattern = ''] = key.split(' ');
    if (isStaticOrSocket(pattern)) continue;
    const openApiPath = pattern.replace(/:([A-Za-z_]+)/g, '{$1}');
    const operation = doc.paths?.[openApiPath]?.[method.toLowerCase()] ?? {};
    const parameters = operation.parameters ?? [];
    const pick = (where: string) =>
      parameters.filter((p) => p.in === where).map((p) => ({ name: p.name, schema: p.schema ?? {} }));
    const body = operation.requestBody?.content?.['application/json']?.schema;
    const pathParams = pick('path');
    for (const name of pattern.match(/:([A-Za-z_]+)/g) ?? []) {
      if (!pathParams.some((p) => `:${p.name}` === name)) {
        pathParams.push({ name: name.slice(1), schema: {} });
      }
    }
    routes.push({
      key,
      method,
      pattern,
      scope: requiredScope(method, pattern),
      pathParams,
      queryParams: pick('query'),
      ...(body ? { body } : {}),
    });
  }
  return routes;
}

/** Routes whose method carries a body. */
export const takesBody = (route: RouteSpec) => ['POST', 'PUT', 'PATCH', 'DELETE'].includes(route.method);
