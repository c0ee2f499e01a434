import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowCounts } from '../support/row-counts.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

/** Arbitrary JSON-ish values, biased towards the shapes the routes expect. */
const junk = fc.oneof(
  fc.jsonValue(),
  fc.record({
    camera_id: fc.oneof(fc.string(), fc.constant('cam-1')),
    model: fc.oneof(fc.string(), fc.constant('default-512')),
    faces: fc.array(
      fc.record({
        embedding: fc.oneof(
          fc.jsonValue(),
          fc.array(fc.double()),
          fc.record({ dtype: fc.string(), base64: fc.base64String() }),
        ),
      }),
    ),
  }),
  fc.record({
    name: fc.jsonValue(),
    // Never a valid embedding: strings, nulls or zero vectors (a valid body would rightly be written).
    templates: fc.record({
      model: fc.string(),
      embeddings: fc.array(
        fc.oneof(fc.string(), fc.constant(null), fc.array(fc.constant(0), { minLength: 1 })),
      ),
    }),
  }),
);

describe('random bad input never causes a 5xx or a write (pglite)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ driver: 'pglite' });
  });
  afterAll(async () => {
    await server?.close();
  });

  it.each([
    ['POST', '/v1/identify'],
    ['POST', '/v1/people'],
    ['POST', '/attendance/identify'],
    ['POST', '/persons/register'],
    ['PATCH', '/v1/people/00000000-0000-4000-8000-000000000000'],
  ] as const)('%s %s', async (method, url) => {
    const before = await rowCounts(server.db);
    await fc.assert(
      fc.asyncProperty(junk, async (body) => {
        const response = await server.app.inject({
          method,
          url,
          headers: { 'x-api-key': server.adminKey, 'content-type': 'application/json' },
          payload: JSON.stringify(body),
        });
        expect(response.statusCode).toBeGreaterThanOrEqual(400);
        expect(response.statusCode).toBeLessThan(500);
        expect(response.json<{ error: { code: string } }>().error.code).toEqual(expect.any(String));
      }),
      { numRuns: 60 },
    );
    expect(await rowCounts(server.db)).toEqual(before);
  });
});
