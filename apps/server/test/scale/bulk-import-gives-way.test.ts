import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUnitVector, seededRandom } from '../support/embeddings.js';
import { rowCounts } from '../support/row-counts.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

const MODEL = 'default-512';

/**
 * An identify whose headers have arrived but whose body has not: the server counts it as in progress from
 * its headers on. `send()` writes the body and resolves with the response's status line.
 */
function identifyHeldOpen(server: TestServer, body: string): Promise<{ send: () => Promise<string> }> {
  const port = Number(new URL(server.baseUrl ?? '').port);
  const socket = net.connect(port, '127.0.0.1');
  let received = '';
  socket.setEncoding('utf8').on('data', (chunk: string) => (received += chunk));
  const answered = new Promise<string>((resolve) =>
    socket.on('data', () => {
      if (received.includes('\r\n\r\n')) resolve(received.split('\r\n')[0] ?? '');
    }),
  );
  return new Promise((resolve) =>
    socket.once('connect', () => {
      socket.write(
        `POST /v1/identify HTTP/1.1\r\nHost: 127.0.0.1\r\nx-api-key: ${server.adminKey}\r\n` +
          `content-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n`,
      );
      resolve({
        send: async () => {
          socket.write(body);
          const status = await answered;
          socket.destroy();
          return status;
        },
      });
    }),
  );
}

describe('a bulk import on embedded PGlite gives way to identifies in progress', () => {
  let server: TestServer;
  const random = seededRandom(2727);

  beforeAll(async () => {
    server = await startTestServer({ driver: 'pglite', listen: true });
  }, 60_000);
  afterAll(async () => {
    await server?.close();
  });

  const bulk = (people: unknown[]) =>
    server.app.inject({
      method: 'POST',
      url: '/v1/people/bulk',
      headers: { 'x-api-key': server.adminKey },
      payload: { model: MODEL, people },
    });
  const batch = (prefix: string) =>
    Array.from({ length: 3 }, (_, i) => ({
      name: `${prefix} ${String(i)}`,
      external_id: `${prefix}-${String(i)}`,
      embeddings: [randomUnitVector(512, random), randomUnitVector(512, random)],
    }));

  it('writes nothing while an identify is in progress and finishes once it has been answered', async () => {
    // A first import registers the model and starts the body parser's worker, so the second is quick to write.
    expect((await bulk(batch('warm-up'))).statusCode).toBe(201);
    const before = await rowCounts(server.db);
    const identify = await identifyHeldOpen(
      server,
      JSON.stringify({
        camera_id: 'door',
        model: MODEL,
        faces: [{ embedding: randomUnitVector(512, random) }],
      }),
    );
    await new Promise((resolve) => setTimeout(resolve, 50));

    const importing = bulk(batch('held'));
    // For less than the longest a step waits for identifies (1 s) nothing may be written.
    const pollUntil = performance.now() + 900;
    while (performance.now() < pollUntil) {
      expect(await rowCounts(server.db)).toEqual(before);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }

    expect(await identify.send()).toBe('HTTP/1.1 200 OK');
    const imported = await importing;
    expect(imported.statusCode, imported.body).toBe(201);
    expect(await rowCounts(server.db)).toMatchObject({
      person: before.person + 3,
      face_template: before.face_template + 6,
    });
  });
});
