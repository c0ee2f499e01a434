/**
 * @module Named kinds of hostile input. Each kind turns a route (from {@link routeCatalog}) into zero or
 * more requests that MUST be refused with a 4xx: they are invalid by construction (the schema forbids
 * them, or the route's rules do), so a 2xx or 5xx is a bug in the server, never in the case.
 */
import { encodeEmbedding } from '@attendance/protocol';
import { randomUnitVector } from '../../support/embeddings.js';
import {
  concreteUrl,
  encodeLoosely,
  takesBody,
  type JsonSchema,
  type Parameter,
  type RouteSpec,
} from './route-catalog.js';

export interface HostileRequest {
  method: string;
  url: string;
  headers?: Record<string, string | string[]>;
  /** A string or bytes are sent as is; anything else is JSON-encoded. */
  payload?: string | Buffer | object;
  /** Send without the admin key (the case is about the credentials themselves). */
  withoutAdminKey?: boolean;
}

export interface HostileCase {
  name: string;
  requests(route: RouteSpec, context: CaseContext): HostileRequest[];
}

export interface CaseContext {
  bodyLimitBytes: number;
  /** A person that exists (no templates), for the routes that need one before they look at the body. */
  personId: string;
  /** Model id and dimension registered at startup. */
  model: { id: string; dim: number };
}

/** Strings that must never pass a constrained field (uuid, id pattern, date, enum). */
export const INJECTION_STRINGS: Record<string, string[]> = {
  sql: ["' OR '1'='1", '1; DROP TABLE person; --', "x' UNION SELECT key_hash FROM api_key --"],
  script: ['<script>alert(1)</script>', 'javascript:alert(1)', '"><img src=x onerror=alert(1)>'],
  unicode: ['ｃａｍ－１', 'cam\u202Egnp.exe', 'cam\u200B1', '😀😀', 'e\u0301\u0301\u0301', 'x\uD800y'],
  control: ['cam\u00001', 'cam\u001b[31m', 'cam\r\nX-Injected: 1', '\u0007\u0008\u007f'],
  traversal: ['../../etc/passwd', '..%2f..%2fetc%2fpasswd', '....//....//', '/dev/zero'],
  template: ['${7*7}', '{{7*7}}', '%s%s%s%n', '#{7*7}'],
  overlong: ['a'.repeat(10_000)],
  blank: ['', '   ', '\t'],
};

/** True when `value` is valid for a string schema (so a case must not use it as "invalid"). */
function stringAllowed(schema: JsonSchema, value: string): boolean {
  if (schema.enum) return schema.enum.includes(value);
  if (schema.format === 'uuid' || schema.format === 'date' || schema.format === 'date-time') return false;
  if (schema.pattern && !new RegExp(schema.pattern, 'u').test(value)) return false;
  if (schema.minLength !== undefined && [...value].length < schema.minLength) return false;
  if (schema.maxLength !== undefined && [...value].length > schema.maxLength) return false;
  return schema.type === 'string' || schema.type === undefined;
}

/** A string schema that restricts its values (free text is tested separately). */
const constrainedString = (schema: JsonSchema) =>
  schema.type === 'string' && (schema.enum ?? schema.pattern ?? schema.format) !== undefined;

const json = { 'content-type': 'application/json' };

/** The route's body with every top-level property replaced by `value(schema)` (undefined = property left out). */
function mutateProperties(
  body: JsonSchema,
  value: (schema: JsonSchema, name: string) => unknown,
): Record<string, unknown> | null {
  const out: Record<string, unknown> = {};
  let changed = false;
  for (const [name, schema] of Object.entries(body.properties ?? {})) {
    const mutated = value(schema, name);
    if (mutated !== undefined) {
      out[name] = mutated;
      changed = true;
    }
  }
  return changed ? out : null;
}

const bodyCase = (
  name: string,
  payload: (route: RouteSpec, context: CaseContext) => string | Buffer | object | null,
  headers: Record<string, string> = json,
): HostileCase => ({
  name,
  requests: (route, context) => {
    if (!takesBody(route)) return [];
    const body = payload(route, context);
    return body === null ? [] : [{ method: route.method, url: concreteUrl(route), headers, payload: body }];
  },
});

/** A case over the routes that declare a JSON body (routes without one may ignore a well-formed body). */
const declaredBodyCase = (
  name: string,
  payload: (route: RouteSpec, context: CaseContext) => string | Buffer | object | null,
): HostileCase => bodyCase(name, (route, context) => (route.body ? payload(route, context) : null));

/** A case over the routes that declare an object body. */
const schemaBodyCase = (name: string, value: (schema: JsonSchema, name: string) => unknown): HostileCase =>
  bodyCase(name, (route) => (route.body?.type === 'object' ? mutateProperties(route.body, value) : null));

const typeOf = (schema: JsonSchema) => (Array.isArray(schema.type) ? schema.type[0] : schema.type);

/** The fields a body would need (so a "wrong X" case is wrong even when the route has no required field). */
const hasRequired = (route: RouteSpec) => (route.body?.required?.length ?? 0) > 0;

function deepNesting(property: string, depth: number): string {
  return `{"${property}":${'['.repeat(depth)}${']'.repeat(depth)}}`;
}

const pathParamCase = (category: string): HostileCase => ({
  name: `path parameter: ${category} strings`,
  requests: (route) =>
    route.pathParams.flatMap((param) =>
      INJECTION_STRINGS[category]!.filter((value) => value !== '' && !stringAllowed(param.schema, value)).map(
        (value) => ({
          method: route.method,
          url: concreteUrl(route, { [param.name]: value }),
          ...(takesBody(route) ? { headers: json, payload: {} } : {}),
        }),
      ),
    ),
});

const queryRequests = (route: RouteSpec, param: Parameter, values: string[]): HostileRequest[] =>
  values.map((value) => ({
    method: route.method,
    url: concreteUrl(route, {}, `${encodeURIComponent(param.name)}=${encodeLoosely(value)}`),
  }));

const queryCase = (
  name: string,
  values: (param: Parameter) => string[],
  onlyMethods: readonly string[] = ['GET', 'DELETE'],
): HostileCase => ({
  name,
  requests: (route) =>
    onlyMethods.includes(route.method)
      ? route.queryParams.flatMap((param) => queryRequests(route, param, values(param)))
      : [],
});

const injectionQueryCase = (category: string) =>
  queryCase(`query parameter: ${category} strings`, (param) =>
    constrainedString(param.schema)
      ? INJECTION_STRINGS[category]!.filter((value) => !stringAllowed(param.schema, value))
      : [],
  );

const injectionBodyCase = (category: string) =>
  schemaBodyCase(`body field: ${category} strings`, (schema) => {
    if (!constrainedString(schema)) return undefined;
    return INJECTION_STRINGS[category]!.find((value) => !stringAllowed(schema, value));
  });

const numberQueryCase = (name: string, values: (schema: JsonSchema) => string[]) =>
  queryCase(name, (param) =>
    typeOf(param.schema) === 'integer' || typeOf(param.schema) === 'number' ? values(param.schema) : [],
  );

/** Routes whose body carries embeddings, with a valid envelope around a bad embedding. */
function embeddingEnvelopes(route: RouteSpec, context: CaseContext, embedding: unknown): HostileRequest[] {
  const model = context.model.id;
  const post = (url: string, payload: object): HostileRequest => ({
    method: 'POST',
    url,
    headers: json,
    payload,
  });
  switch (route.key) {
    case 'POST /v1/identify':
      return [post(route.pattern, { camera_id: 'cam-hostile', model, faces: [{ embedding }] })];
    case 'POST /attendance/identify':
      return [post(route.pattern, { camera_id: 'cam-hostile', embedding })];
    case 'POST /v1/people':
      return [post(route.pattern, { name: 'Hostile Person', templates: { model, embeddings: [embedding] } })];
    case 'POST /v1/people/:id/templates':
      return [post(concreteUrl(route, { id: context.personId }), { model, embeddings: [embedding] })];
    case 'POST /persons/register':
      return [post(route.pattern, { name: 'Hostile Person', embedding })];
    case 'POST /v1/people/bulk':
      return [post(route.pattern, { model, people: [{ name: 'Hostile Person', embeddings: [embedding] }] })];
    default:
      return [];
  }
}

const embeddingCase = (name: string, embedding: (context: CaseContext) => unknown): HostileCase => ({
  name: `embedding: ${name}`,
  requests: (route, context) => embeddingEnvelopes(route, context, embedding(context)),
});

const unit = (dim: number) => randomUnitVector(dim);

/** Free-text fields accept any text — except NUL, which no database text column can hold. */
const freeTextNul: HostileCase = {
  name: 'free text with a NUL character',
  requests: (route, context) => {
    const nul = 'Null\u0000Byte';
    switch (route.key) {
      case 'POST /v1/people':
        return [{ method: 'POST', url: route.pattern, headers: json, payload: { name: nul } }];
      case 'PATCH /v1/people/:id':
        return [
          {
            method: 'PATCH',
            url: concreteUrl(route, { id: context.personId }),
            headers: json,
            payload: { role: nul },
          },
        ];
      case 'POST /v1/api-keys':
        return [
          { method: 'POST', url: route.pattern, headers: json, payload: { name: nul, scopes: ['viewer'] } },
        ];
      case 'GET /v1/people':
        return [{ method: 'GET', url: `${route.pattern}?q=${encodeURIComponent(nul)}` }];
      default:
        return [];
    }
  },
};

const headerCase = (name: string, headers: Record<string, string | string[]>): HostileCase => ({
  name: `header: ${name}`,
  requests: (route) =>
    route.scope === 'open'
      ? []
      : [{ method: route.method, url: concreteUrl(route), headers, withoutAdminKey: true }],
});

export const HOSTILE_CASES: HostileCase[] = [
  // --- JSON and transport ---
  declaredBodyCase('JSON null body', () => 'null'),
  declaredBodyCase('JSON array body', () => '[]'),
  declaredBodyCase('JSON string body', () => '"a string"'),
  declaredBodyCase('JSON number body', () => '42'),
  declaredBodyCase('JSON boolean body', () => 'true'),
  bodyCase('empty object where fields are required', (route) => (hasRequired(route) ? '{}' : null)),
  bodyCase('truncated JSON', () => '{"name": "Trunc'),
  bodyCase('trailing garbage after JSON', () => '{} garbage'),
  bodyCase('empty body with a JSON content type', () => ''),
  bodyCase('invalid UTF-8 bytes', () =>
    Buffer.concat([Buffer.from('{"name": "'), Buffer.from([0xc3, 0x28, 0xff, 0xfe]), Buffer.from('"}')]),
  ),
  bodyCase('UTF-8 byte-order mark before JSON', (route) =>
    hasRequired(route) ? Buffer.from('\uFEFF{}', 'utf8') : null,
  ),
  bodyCase('JSON with comments', () => '{/* c */ "name": "x"}'),
  bodyCase('single-quoted pseudo-JSON', () => "{'name': 'x'}"),
  bodyCase('NaN literal', () => '{"name": NaN, "embedding": [NaN]}'),
  bodyCase('Infinity literal', () => '{"name": Infinity, "embedding": [Infinity, -Infinity]}'),
  declaredBodyCase('deeply nested JSON (100k levels)', (route, context) =>
    deepNesting(
      Object.keys(route.body?.properties ?? {})[0] ?? 'a',
      Math.min(100_000, Math.floor(context.bodyLimitBytes / 2) - 64),
    ),
  ),
  bodyCase('body over the size limit', (_route, context) =>
    JSON.stringify({ name: 'x'.repeat(context.bodyLimitBytes + 10) }),
  ),
  bodyCase('__proto__ key (prototype pollution)', () => '{"__proto__": {"isAdmin": true}, "name": "x"}'),
  bodyCase('constructor.prototype key', () => '{"constructor": {"prototype": {"isAdmin": true}}}'),
  bodyCase('duplicated keys, the last one invalid', (route) => {
    const first = Object.keys(route.body?.properties ?? {})[0];
    return first ? `{"${first}": "ok", "${first}": {"nested": [1, 2, 3]}}` : null;
  }),
  bodyCase('text/plain content type', () => '{"name": "x"}', { 'content-type': 'text/plain' }),
  bodyCase('form-urlencoded content type', () => 'name=x&scopes=admin', {
    'content-type': 'application/x-www-form-urlencoded',
  }),
  bodyCase('multipart content type', () => '--b\r\n\r\nx\r\n--b--', {
    'content-type': 'multipart/form-data; boundary=b',
  }),
  bodyCase('XML content type', () => '<name>x</name>', { 'content-type': 'application/xml' }),
  bodyCase('no content type with a body', () => Buffer.from('{"name": "x"}'), {}),
  bodyCase('JSON declared as UTF-16', () => Buffer.from('{"name":"x"}', 'utf16le'), {
    'content-type': 'application/json; charset=utf-16',
  }),
  // --- body fields, from the route's schema ---
  schemaBodyCase('number where a string is expected', (s) => (typeOf(s) === 'string' ? 12345 : undefined)),
  schemaBodyCase('string where a number is expected', (s) =>
    typeOf(s) === 'number' || typeOf(s) === 'integer' ? '12' : undefined,
  ),
  schemaBodyCase('string where a boolean is expected', (s) => (typeOf(s) === 'boolean' ? 'true' : undefined)),
  schemaBodyCase('object where an array is expected', (s) => (typeOf(s) === 'array' ? { 0: 1 } : undefined)),
  schemaBodyCase('array where an object or string is expected', (s) =>
    typeOf(s) === 'object' || typeOf(s) === 'string' ? [[]] : undefined,
  ),
  schemaBodyCase('null for fields that are not nullable', (s) => (s.nullable || !s.type ? undefined : null)),
  schemaBodyCase('string longer than allowed (huge)', (s) =>
    s.maxLength !== undefined ? 'x'.repeat(Math.max(s.maxLength + 1, 100_000)) : undefined,
  ),
  schemaBodyCase('array longer than allowed (huge)', (s) =>
    s.maxItems !== undefined ? Array.from({ length: s.maxItems + 1 }, () => 0) : undefined,
  ),
  schemaBodyCase('array shorter than allowed', (s) => (s.minItems ? [] : undefined)),
  schemaBodyCase('number above its maximum', (s) => (s.maximum !== undefined ? s.maximum + 1 : undefined)),
  schemaBodyCase('number below its minimum', (s) => (s.minimum !== undefined ? s.minimum - 1 : undefined)),
  bodyCase('number 1e999 (Infinity once parsed)', (route) => {
    const numeric = Object.entries(route.body?.properties ?? {}).find(
      ([, s]) => typeOf(s) === 'number' || typeOf(s) === 'integer',
    );
    return numeric ? `{"${numeric[0]}": 1e999}` : null;
  }),
  schemaBodyCase('"NaN" and "Infinity" as strings for numbers', (s) =>
    typeOf(s) === 'number' || typeOf(s) === 'integer' ? 'NaN' : undefined,
  ),
  schemaBodyCase('value outside an enum', (s) =>
    s.enum ? 'not-a-member' : s.items?.enum ? ['not-a-member'] : undefined,
  ),
  ...Object.keys(INJECTION_STRINGS).map(injectionBodyCase),
  // --- path parameters ---
  ...Object.keys(INJECTION_STRINGS).map(pathParamCase),
  // --- query parameters ---
  ...Object.keys(INJECTION_STRINGS).map(injectionQueryCase),
  numberQueryCase('query number: not a number', () => ['abc', 'NaN', 'Infinity', '1e999', '1.5.2', '--1']),
  numberQueryCase('query number: out of range', (s) => [
    String((s.maximum ?? 1e9) + 1),
    String((s.minimum ?? 0) - 1),
    '99999999999999999999999',
  ]),
  {
    name: 'query parameter repeated (array instead of a value)',
    requests: (route) =>
      route.method === 'GET'
        ? route.queryParams
            .filter((p) => typeOf(p.schema) === 'integer' || constrainedString(p.schema))
            .map((p) => ({ method: 'GET', url: concreteUrl(route, {}, `${p.name}=1&${p.name}=2`) }))
        : [],
  },
  {
    name: 'query with bracket and __proto__ syntax',
    requests: (route) =>
      route.method === 'GET' && route.queryParams.some((p) => typeOf(p.schema) === 'integer')
        ? [
            {
              method: 'GET',
              url: concreteUrl(
                route,
                {},
                `${route.queryParams.find((p) => typeOf(p.schema) === 'integer')?.name}[]=1&__proto__[x]=1&constructor[prototype][y]=1`,
              ),
            },
          ]
        : [],
  },
  // --- embeddings (valid envelope, bad embedding) ---
  embeddingCase('wrong dimension', (c) => unit(c.model.dim - 1)),
  embeddingCase('NaN sent as null', (c) => unit(c.model.dim).map((v, i) => (i === 7 ? null : v))),
  embeddingCase('1e999 / huge values', (c) => unit(c.model.dim).map((v, i) => (i === 3 ? 1e308 * 10 : v))),
  embeddingCase('numbers sent as strings', (c) => unit(c.model.dim).map(String)),
  embeddingCase('all zeros (no direction)', (c) => new Array<number>(c.model.dim).fill(0)),
  embeddingCase('empty array', () => []),
  embeddingCase('more values than any model (4097)', () => new Array<number>(4097).fill(0.01)),
  embeddingCase('nested arrays', (c) => unit(c.model.dim).map((v) => [v])),
  embeddingCase('base64 that is not base64', () => ({ dtype: 'float32', base64: '!!!not*base64!!!' })),
  embeddingCase('base64 with broken padding', () => ({ dtype: 'float32', base64: 'AAAA=A' })),
  embeddingCase('float32 base64 of the wrong length', (c) => ({
    dtype: 'float32',
    base64: Buffer.alloc(c.model.dim * 4 - 3).toString('base64'),
  })),
  embeddingCase('float16 base64 of the wrong dimension', (c) =>
    encodeEmbedding(unit(c.model.dim / 2), 'float16'),
  ),
  embeddingCase('float16 base64 holding NaN and Infinity', (c) => {
    const bytes = Buffer.alloc(c.model.dim * 2);
    bytes.writeUInt16LE(0x7e00, 0); // NaN
    bytes.writeUInt16LE(0x7c00, 2); // +Infinity
    return { dtype: 'float16', base64: bytes.toString('base64') };
  }),
  embeddingCase('unknown dtype', (c) => ({
    dtype: 'float64',
    base64: Buffer.alloc(c.model.dim * 8).toString('base64'),
  })),
  embeddingCase('compact form with extra keys', (c) => ({
    ...encodeEmbedding(unit(c.model.dim), 'float16'),
    extra: 1,
  })),
  embeddingCase('a string instead of an embedding', () => 'AAAA'),
  // --- free text ---
  freeTextNul,
  // --- headers (protected routes; the admin key is replaced) ---
  headerCase('API key of 8 KB', { 'x-api-key': `sa_${'A'.repeat(8 * 1024)}` }),
  headerCase('API key with SQL injection', { 'x-api-key': "sa_' OR '1'='1' --" }),
  headerCase('API key with unicode', { 'x-api-key': 'sa_ключ-😀' }),
  headerCase('API key sent as Authorization Bearer', { authorization: 'Bearer sa_looks_like_a_key_0000000' }),
  headerCase('two different API key headers', {
    'x-api-key': ['sa_first_invalid_key_000', 'sa_second_invalid_00'],
  }),
  headerCase('forged dashboard session cookie', { cookie: 'sa_session=forged-session-id; other=1' }),
];

/** Cases that produce at least one request for at least one route. */
export const applicableCases = (routes: RouteSpec[], context: CaseContext) =>
  HOSTILE_CASES.filter((hostile) => routes.some((route) => hostile.requests(route, context).length > 0));
