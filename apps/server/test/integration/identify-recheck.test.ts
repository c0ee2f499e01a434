import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUnitVector, seededRandom, vectorAtCosine } from '../support/embeddings.js';
import { recordingDatabase, type RecordedStatement } from '../support/recording-database.js';
import { enrollPerson, identifyFace, startTestServer, type TestServer } from '../support/test-server.js';

const SEARCH = 'WITH candidates AS (';

interface IdentifyAnswer {
  results: { status: string; person: { name: string } | null; similarity: number | null }[];
}

// Identify searches narrowly first (HNSW_EF_SEARCH_FAST) and searches again at HNSW_EF_SEARCH unless the
// answer is a match at least CLEAR_MATCH_MARGIN above the threshold (0.45 + 0.1 here).
describe.each(['pglite', 'postgres'] as const)(
  'identify rechecks uncertain answers at full breadth (%s)',
  (driver) => {
    const statements: RecordedStatement[] = [];
    const random = seededRandom(driver === 'pglite' ? 17 : 18);
    const face = randomUnitVector(512, random);
    let server: TestServer;
    let frame = 0;

    beforeAll(async () => {
      server = await startTestServer({
        driver,
        env: { HNSW_EF_SEARCH_FAST: '48', HNSW_EF_SEARCH: '300', CLEAR_MATCH_MARGIN: '0.1' },
        wrapDatabase: (db) => recordingDatabase(db, statements),
      });
      await enrollPerson(server, 'Door Regular', [face]);
      for (let i = 0; i < 5; i++) await enrollPerson(server, `Other ${i}`, [randomUnitVector(512, random)]);
    });
    afterAll(async () => {
      await server?.close();
    });

    /** Identifies `embedding`; answers the face's result and the breadth of each search statement it ran. */
    async function identify(embedding: number[]) {
      statements.length = 0;
      const response = await identifyFace(server, embedding, { idempotencyKey: `door-1:frame-${++frame}` });
      expect(response.statusCode, response.body).toBe(200);
      const breadths = statements.filter((s) => s.firstLine === SEARCH).map((s) => s.params[1]);
      return { result: response.json<IdentifyAnswer>().results[0], breadths };
    }

    it('answers a clear match from the narrow search alone', async () => {
      const { result, breadths } = await identify(vectorAtCosine(face, 0.8, random));
      expect(result).toMatchObject({ status: 'recorded', person: { name: 'Door Regular' } });
      expect(breadths).toEqual(['48']);
    });

    it('searches again at full breadth for a stranger, and for a match within the margin of the threshold', async () => {
      const stranger = await identify(randomUnitVector(512, random));
      expect(stranger.result?.status).toBe('unknown');
      expect(stranger.breadths).toEqual(['48', '300']);

      const weak = await identify(vectorAtCosine(face, 0.5, random));
      expect(weak.result).toMatchObject({ status: 'already_recorded', person: { name: 'Door Regular' } });
      expect(weak.result?.similarity).toBeLessThan(0.55);
      expect(weak.breadths).toEqual(['48', '300']);
    });

    it('counts the rechecks in /metrics', async () => {
      const metrics = await server.app.inject({
        method: 'GET',
        url: '/metrics',
        headers: { 'x-api-key': server.adminKey },
      });
      expect(metrics.statusCode).toBe(200);
      expect(metrics.body).toMatch(/^attendance_identify_rechecks_total 2$/m);
    });
  },
);

describe('identify with HNSW_EF_SEARCH_FAST ≥ HNSW_EF_SEARCH', () => {
  it('runs one full-breadth search per face, stranger or not', async () => {
    const statements: RecordedStatement[] = [];
    const server = await startTestServer({
      driver: 'pglite',
      env: { HNSW_EF_SEARCH_FAST: '300', HNSW_EF_SEARCH: '120' },
      wrapDatabase: (db) => recordingDatabase(db, statements),
    });
    try {
      await enrollPerson(server, 'Someone', [randomUnitVector(512, seededRandom(3))]);
      statements.length = 0;
      const response = await identifyFace(server, randomUnitVector(512, seededRandom(4)));
      expect(response.json<IdentifyAnswer>().results[0]?.status).toBe('unknown');
      expect(statements.filter((s) => s.firstLine === SEARCH).map((s) => s.params[1])).toEqual(['120']);
    } finally {
      await server.close();
    }
  });
});
