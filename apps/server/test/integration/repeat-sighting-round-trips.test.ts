import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUnitVector, seededRandom, vectorAtCosine } from '../support/embeddings.js';
import { recordingDatabase, type RecordedStatement } from '../support/recording-database.js';
import { enrollPerson, identifyFace, startTestServer, type TestServer } from '../support/test-server.js';

// A door camera sends the same person frame after frame, each request with its own idempotency key (the
// edge agent's): after the first sighting, each repeat is answered from the cooldown cache, confirmed by
// the database in the search statement itself (one round trip in all), never the locked transaction.
describe.each(['pglite', 'postgres'] as const)('repeat sightings (%s)', (driver) => {
  let server: TestServer;
  const statements: RecordedStatement[] = [];
  const random = seededRandom(driver === 'pglite' ? 7 : 8);
  const face = randomUnitVector(512, random);

  beforeAll(async () => {
    server = await startTestServer({
      driver,
      wrapDatabase: (db) => recordingDatabase(db, statements),
    });
    await enrollPerson(server, 'Door Regular', [face]);
  });
  afterAll(async () => {
    await server?.close();
  });

  const identify = (key: string) =>
    identifyFace(server, vectorAtCosine(face, 0.9, random), { idempotencyKey: key });

  it('answers a repeat with the first event after one statement: the search, which also confirms the cache hit', async () => {
    const first = await identify('door-1:frame-0001');
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json<{ results: { status: string }[] }>().results[0]?.status).toBe('recorded');
    const eventId = first.json<{ results: { event_id: string }[] }>().results[0]?.event_id;

    for (const key of ['door-1:frame-0002', 'door-1:frame-0003', 'door-1:frame-0001']) {
      statements.length = 0;
      const repeat = await identify(key);
      expect(repeat.statusCode, repeat.body).toBe(200);
      expect(repeat.json<{ results: { status: string; event_id: string }[] }>().results[0]).toMatchObject({
        status: 'already_recorded',
        event_id: eventId,
      });
      const firstLines = statements.map((s) => s.firstLine);
      expect(firstLines, `${key}: ${firstLines.join(' | ')}`).toEqual(['WITH candidates AS (']);
    }
  });
});
