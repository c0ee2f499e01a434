import type { MatchStatus } from '@attendance/protocol';
import { Redis } from 'ioredis';
import { randomUnitVector, vectorAtCosine } from '../../support/embeddings.js';
import type { TestServer } from '../../support/test-server.js';

const MODEL = 'default-512';

/** Enrolls a person with one random face through `POST /v1/people`; returns the id and the face. */
export async function enrollPerson(
  server: TestServer,
  name: string,
  random: () => number,
): Promise<{ personId: string; face: number[] }> {
  const face = randomUnitVector(512, random);
  const response = await server.app.inject({
    method: 'POST',
    url: '/v1/people',
    headers: { 'x-api-key': server.adminKey },
    payload: { name, templates: { model: MODEL, embeddings: [face] } },
  });
  if (response.statusCode !== 201) throw new Error(`enroll ${name}: ${response.body}`);
  return { personId: response.json<{ id: string }>().id, face };
}

/** One `POST /v1/identify` of a fresh sighting of `face`; returns the face's status. */
export async function identify(
  server: TestServer,
  face: readonly number[],
  random: () => number,
): Promise<MatchStatus> {
  const response = await server.app.inject({
    method: 'POST',
    url: '/v1/identify',
    headers: { 'x-api-key': server.adminKey },
    payload: {
      camera_id: 'cam-e2e',
      model: MODEL,
      faces: [{ embedding: vectorAtCosine(face, 0.9, random) }],
    },
  });
  if (response.statusCode !== 200) {
    throw new Error(`identify: ${String(response.statusCode)} ${response.body}`);
  }
  const status = response.json<{ results: { status: MatchStatus }[] }>().results[0]?.status;
  if (status === undefined) throw new Error('identify answered without a result');
  return status;
}

/** `count` concurrent identifies of `face`, tallied by status. */
export async function identifyConcurrently(
  server: TestServer,
  face: readonly number[],
  count: number,
  random: () => number,
): Promise<Partial<Record<MatchStatus, number>>> {
  const statuses = await Promise.all(Array.from({ length: count }, () => identify(server, face, random)));
  const tally: Partial<Record<MatchStatus, number>> = {};
  for (const status of statuses) tally[status] = (tally[status] ?? 0) + 1;
  return tally;
}

/** Attendance events stored for `personId`, straight from the database. */
export async function eventCount(server: TestServer, personId: string): Promise<number> {
  const { rows } = await server.db.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM attendance_event WHERE person_id = $1',
    [personId],
  );
  return rows[0]?.n ?? -1;
}

/** `GET /health/ready` body as an admin sees it (the cache's full reason). */
export async function readiness(
  server: TestServer,
): Promise<{ status: string; cache: { backend: string; status: string; reason: string } }> {
  const response = await server.app.inject({
    method: 'GET',
    url: '/health/ready',
    headers: { 'x-api-key': server.adminKey },
  });
  return response.json();
}

/** How many EXISTS commands the Redis at `url` has executed (INFO commandstats). */
export async function existsCalls(url: string): Promise<number> {
  const client = new Redis(url);
  try {
    const stats = await client.info('commandstats');
    return Number(/cmdstat_exists:calls=(\d+)/.exec(stats)?.[1] ?? 0);
  } finally {
    client.disconnect();
  }
}
