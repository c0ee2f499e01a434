import { ERROR_CODES } from '@attendance/protocol';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allTableRowCounts } from '../support/row-counts.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import {
  concreteUrl,
  encodeLoosely,
  routeCatalog,
  takesBody,
  type RouteSpec,
} from './support/route-catalog.js';

const NO_RATE_LIMITS = {
  RATE_LIMIT_EDGE_PER_MINUTE: '0',
  RATE_LIMIT_KEY_PER_MINUTE: '0',
  RATE_LIMIT_IP_PER_MINUTE: '0',
};

/** Strings with the characters parsers trip over: quotes, backslashes, control, bidi, surrogates, emoji. */
const nastyString = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme' }),
  fc.string({
    unit: fc.constantFrom('\u0000', '\u001b', '"', '\\', "'", '\u202e', '\ud800', '😀', '%', '\n'),
  }),
  fc.constantFrom("' OR 1=1 --", '<script>x</script>', '../..', '__proto__', 'constructor', '1e999', 'NaN'),
);

/** Any JSON value, including numbers JSON can only spell as strings or as overflowing literals. */
const jsonish = fc.oneof(
  fc.jsonValue(),
  nastyString,
  fc.array(fc.double(), { maxLength: 600 }),
  fc.constantFrom(null, 1e308, -0, Number.MAX_SAFE_INTEGER + 2),
);

/**
 * A body for `route`: its own property names with random values, plus one key no schema declares, so a
 * strict schema must refuse it. Sometimes raw JSON text with prototype keys or broken syntax instead.
 */
function bodyFor(route: RouteSpec): fc.Arbitrary<string> {
  const names = Object.keys(route.body?.properties ?? {});
  const object = fc
    .dictionary(names.length > 0 ? fc.constantFrom(...names) : fc.string(), jsonish, { maxKeys: 6 })
    .map((value) => JSON.stringify({ ...value, fuzz_unknown_key: true }));
  const raw = fc.oneof(
    jsonish.map((value) => JSON.stringify(value) ?? 'null'),
    fc.constantFrom('__proto__', 'constructor').map((key) => `{"${key}": {"prototype": {"polluted": 1}}}`),
    fc.string().map((text) => `{${text}`),
  );
  return fc.oneof({ weight: 3, arbitrary: object }, { weight: 1, arbitrary: raw });
}

const queryFor = (route: RouteSpec) =>
  fc
    .dictionary(fc.constantFrom(...route.queryParams.map((p) => p.name)), nastyString, { maxKeys: 4 })
    .map((query) =>
      Object.entries(query)
        .map(([name, value]) => `${name}=${encodeLoosely(value)}`)
        .join('&'),
    );

/**
 * Property-based: random bodies, query strings and path parameters for EVERY JSON route of the route table.
 * Never a 5xx; every refusal carries a protocol error code; bodies a strict schema must refuse change nothing.
 */
describe('random input on every route never causes a 5xx or a write (postgres)', () => {
  let server: TestServer;
  let routes: RouteSpec[];

  beforeAll(async () => {
    server = await startTestServer({ driver: 'postgres', env: NO_RATE_LIMITS });
    routes = await routeCatalog(server.app);
  }, 120_000);
  afterAll(async () => {
    await server?.close();
  });

  const send = (method: string, url: string, payload?: string) =>
    server.app.inject({
      method: method as 'GET',
      url,
      headers: {
        'x-api-key': server.adminKey,
        ...(payload === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(payload === undefined ? {} : { payload }),
    });

  const expectNoServerError = (response: Awaited<ReturnType<typeof send>>, where: string) => {
    expect(response.statusCode, `${where} → ${response.body.slice(0, 300)}`).toBeLessThan(500);
    if (response.statusCode >= 400) {
      expect(ERROR_CODES, where).toContain(response.json<{ error?: { code?: string } }>().error?.code);
    }
  };

  it('covers every JSON route of the route table', () => {
    expect(routes.length).toBeGreaterThan(20);
  });

  it('random bodies', async () => {
    for (const route of routes.filter((r) => takesBody(r) && r.body)) {
      const strict = route.body?.additionalProperties === false;
      const before = await allTableRowCounts(server.db);
      await fc.assert(
        fc.asyncProperty(bodyFor(route), async (payload) => {
          const response = await send(route.method, concreteUrl(route), payload);
          expectNoServerError(response, `${route.key} ${payload.slice(0, 200)}`);
          if (strict) {
            expect(response.statusCode, `${route.key} ${payload.slice(0, 200)}`).toBeGreaterThanOrEqual(400);
          }
        }),
        { numRuns: 40, seed: 20261128 },
      );
      if (strict) expect(await allTableRowCounts(server.db), route.key).toEqual(before);
    }
  });

  it('random query strings', async () => {
    for (const route of routes.filter((r) => r.queryParams.length > 0 && r.method === 'GET')) {
      await fc.assert(
        fc.asyncProperty(queryFor(route), async (query) => {
          const response = await send(route.method, concreteUrl(route, {}, query));
          expectNoServerError(response, `${route.key}?${query.slice(0, 200)}`);
        }),
        { numRuns: 40, seed: 20261128 },
      );
    }
  });

  it('random path parameters', async () => {
    const before = await allTableRowCounts(server.db);
    for (const route of routes.filter((r) => r.pathParams.length > 0)) {
      await fc.assert(
        fc.asyncProperty(nastyString, async (value) => {
          const params = Object.fromEntries(route.pathParams.map((p) => [p.name, value || 'x']));
          const response = await send(
            route.method,
            concreteUrl(route, params),
            takesBody(route) ? '{}' : undefined,
          );
          expectNoServerError(response, `${route.key} ${JSON.stringify(value)}`);
          expect(response.statusCode).toBeGreaterThanOrEqual(400);
        }),
        { numRuns: 30, seed: 20261128 },
      );
    }
    expect(await allTableRowCounts(server.db)).toEqual(before);
  });
});
