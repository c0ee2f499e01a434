import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { decodeLiveFrame, encodeEmbedding } from '@attendance/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type WebSocket from 'ws';
import { openSocket } from '../relay/support/ws-clients.js';
import { randomUnitVector, seededRandom } from '../support/embeddings.js';
import { freePort, ServerProcess } from '../support/server-process.js';
import { createTestDatabase, type TestDatabase } from '../support/test-server.js';

const PHOTO = path.resolve(import.meta.dirname, '../../../../../shared/faces/bbt/bbt1.jpg');
const JPEG_MAGIC = Buffer.from([0xff, 0xd8, 0xff]);
const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
/** Eight or more numbers in a row, comma-separated: an embedding printed as JSON (or as a JS array). */
const NUMBER_RUN = /(?:-?\d+(?:\.\d+)?(?:e[+-]?\d+)?\s*,\s*){7,}-?\d+(?:\.\d+)?/i;

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? filesUnder(full) : [full];
  });
}

/**
 * A full session against the real server process (PostgreSQL, LOG_LEVEL=trace, LOG_FILE=true): enrollment,
 * identification (JSON and base64 embeddings), live relay of a real photo, errors, dashboard sign-in and
 * erasure, keys sent in query strings and name searches. Afterwards neither the server's output nor any file
 * it wrote to DATA_DIR holds an API key, a person's name, an embedding (as numbers or base64) or image bytes.
 */
describe('privacy: logs and DATA_DIR after a full session at trace level', () => {
  let database: TestDatabase;
  let dataDir: string;
  let server: ServerProcess;
  const adminKey = `sa_privacy_admin_${randomBytes(16).toString('hex')}`;
  const secrets: string[] = [adminKey];
  const embeddings: number[][] = [];
  const base64Forms: string[] = [];
  /** People's names: sent in bodies and searched for with `?q=`, never to be logged. */
  const names = ['Alice Private', 'Bob Private', 'Carol Compat'];
  let relayedFrames = 0;

  const call = async (method: string, url: string, key: string, body?: unknown, raw?: string) => {
    const response = await fetch(`${server.baseUrl}${url}`, {
      method,
      headers: {
        'x-api-key': key,
        ...(body !== undefined || raw ? { 'content-type': 'application/json' } : {}),
      },
      ...(raw ? { body: raw } : body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    return {
      status: response.status,
      json: (await response.json().catch(() => null)) as Record<string, unknown>,
    };
  };

  beforeAll(async () => {
    database = await createTestDatabase('postgres');
    dataDir = mkdtempSync(path.join(tmpdir(), 'attendance-privacy-'));
    server = new ServerProcess(await freePort(), {
      DATABASE_URL: database.url ?? '',
      DATA_DIR: dataDir,
      API_KEY: adminKey,
      LOG_LEVEL: 'trace',
      LOG_FILE: 'true',
      EMBEDDING_DIM: '512',
    });
    await server.start();

    const random = seededRandom(4242);
    const face = () => {
      const vector = randomUnitVector(512, random);
      embeddings.push(vector);
      return vector;
    };
    const compact = (values: number[], dtype: 'float16' | 'float32') => {
      const encoded = encodeEmbedding(values, dtype);
      base64Forms.push(encoded.base64);
      return encoded;
    };

    const keyOf = async (scope: string) => {
      const created = await call('POST', '/v1/api-keys', adminKey, {
        name: `privacy ${scope}`,
        scopes: [scope],
      });
      expect(created.status).toBe(201);
      const key = created.json.key as string;
      secrets.push(key);
      return key;
    };
    const edge = await keyOf('edge');
    const viewer = await keyOf('viewer');

    // Enrollment: JSON numbers, float16 and float32 base64.
    const alice = face();
    const bob = face();
    const created = await call('POST', '/v1/people', adminKey, {
      name: 'Alice Private',
      external_id: 'EMP-PRIV-1',
      templates: { model: 'default-512', embeddings: [alice, compact(face(), 'float16')] },
    });
    expect(created.status).toBe(201);
    const bobCreated = await call('POST', '/v1/people', adminKey, {
      name: 'Bob Private',
      templates: { model: 'default-512', embeddings: [compact(bob, 'float32')] },
    });
    expect(bobCreated.status).toBe(201);
    expect(
      (await call('POST', '/persons/register', adminKey, { name: 'Carol Compat', embedding: face() })).status,
    ).toBe(200);

    // Identification: a match, an unknown, base64 probes, the compatibility route.
    const identify = (embedding: unknown) =>
      call('POST', '/v1/identify', edge, {
        camera_id: 'privacy-cam',
        model: 'default-512',
        faces: [{ embedding }],
      });
    expect((await identify(alice)).status).toBe(200);
    expect((await identify(face())).status).toBe(200);
    expect((await identify(compact(bob, 'float16'))).status).toBe(200);
    expect(
      (await call('POST', '/attendance/identify', edge, { camera_id: 'privacy-cam', embedding: face() }))
        .status,
    ).toBe(200);

    // Errors that carry embeddings or keys in the request.
    expect((await identify(face().slice(0, 500))).status).toBe(422);
    expect((await identify(compact(face(), 'float16').base64.slice(0, 100))).status).toBe(400);
    const broken = JSON.stringify({
      camera_id: 'privacy-cam',
      model: 'default-512',
      faces: [{ embedding: face() }],
    });
    expect((await call('POST', '/v1/identify', edge, undefined, broken.slice(0, -40))).status).toBe(400);
    expect((await call('GET', '/v1/people', `${viewer}x`)).status).toBe(401);
    expect((await call('POST', '/v1/people', viewer, { name: 'Nope' })).status).toBe(403);
    const login = await fetch(`${server.baseUrl}/ui/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: server.baseUrl },
      body: JSON.stringify({ api_key: viewer }),
    });
    expect(login.status).toBe(200);

    // The live relay: a real photo published as a frame, received by a viewer.
    const jpeg = readFileSync(PHOTO);
    const ws = server.baseUrl.replace('http', 'ws');
    const sockets: WebSocket[] = [];
    const viewerSocket = await openSocket(`${ws}/v1/live/view?camera_id=all`, { 'x-api-key': viewer });
    sockets.push(viewerSocket);
    viewerSocket.on('message', (data: Buffer, isBinary) => {
      if (isBinary && decodeLiveFrame(new Uint8Array(data))) relayedFrames++;
    });
    const publisher = await openSocket(`${ws}/v1/live/publish?camera_id=privacy-cam`, { 'x-api-key': edge });
    sockets.push(publisher);
    for (let i = 0; i < 5 && relayedFrames === 0; i++) {
      publisher.send(jpeg);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    for (const socket of sockets) socket.close();

    // Keys in the URL (refused, as a browser WebSocket without headers would send them) and name searches.
    for (const key of [adminKey, viewer, edge]) {
      const inQuery = await fetch(`${server.baseUrl}/v1/people?api_key=${key}&limit=5`);
      expect(inQuery.status).toBe(401);
      await fetch(`${server.baseUrl}/v1/people?key=${key}&token=${key}&${key}`);
      await openSocket(`${ws}/v1/live/view?camera_id=all&api_key=${key}`, {}).then(
        (socket) => socket.close(),
        () => undefined,
      );
    }
    for (const name of names) {
      const search = await call('GET', `/v1/people?q=${encodeURIComponent(name)}`, viewer);
      expect(search.status).toBe(200);
      expect(JSON.stringify(search.json)).toContain(name);
      expect((await call('GET', `/v1/people?name=${encodeURIComponent(name)}`, viewer)).status).toBe(400);
    }

    // Erasure.
    expect((await call('DELETE', `/v1/people/${String(bobCreated.json.id)}`, adminKey)).status).toBe(204);
    await server.stop();
  }, 180_000);

  afterAll(async () => {
    await server?.stop();
    await database?.drop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  const outputs = () => [
    { name: 'server stdout/stderr', bytes: Buffer.from(server.logs, 'utf8') },
    ...filesUnder(dataDir).map((file) => ({ name: path.relative(dataDir, file), bytes: readFileSync(file) })),
  ];

  it('the session really ran and was logged at trace level, to stdout and to DATA_DIR/logs', () => {
    expect(relayedFrames).toBeGreaterThan(0);
    expect(embeddings.length).toBeGreaterThan(8);
    expect(server.logs).toContain('request completed');
    expect(server.logs).toContain('request rejected');
    expect(server.logs).toContain('/v1/identify');
    const logFiles = filesUnder(dataDir).filter((file) => file.includes(`${path.sep}logs${path.sep}`));
    expect(logFiles.length).toBeGreaterThan(0);
    expect(logFiles.map((file) => readFileSync(file, 'utf8')).join('')).toContain('/v1/identify');
  });

  it('no API key secret appears anywhere', () => {
    for (const { name, bytes } of outputs()) {
      const text = bytes.toString('utf8');
      for (const secret of secrets) {
        expect(text.includes(secret.slice(3, 23)), `${name} holds a key secret`).toBe(false);
      }
    }
  });

  it('no name searched for or enrolled appears anywhere', () => {
    expect(server.logs).toContain('q=[redacted]');
    for (const { name, bytes } of outputs()) {
      const text = bytes.toString('utf8');
      for (const person of names) {
        for (const form of [person, encodeURIComponent(person), person.replace(' ', '+')]) {
          expect(text.includes(form), `${name} holds the name ${person}`).toBe(false);
        }
      }
    }
  });

  it('no embedding appears anywhere: not as numbers, not as base64', () => {
    for (const { name, bytes } of outputs()) {
      const text = bytes.toString('utf8');
      expect(NUMBER_RUN.exec(text)?.[0] ?? null, `${name} holds a run of numbers`).toBeNull();
      for (const embedding of embeddings) {
        for (const value of embedding.slice(0, 4)) {
          expect(text.includes(String(value)), `${name} holds an embedding value`).toBe(false);
        }
      }
      for (const base64 of base64Forms) {
        expect(text.includes(base64.slice(0, 24)), `${name} holds a base64 embedding`).toBe(false);
      }
    }
  });

  it('no image bytes appear anywhere (JPEG or PNG, raw or base64)', () => {
    for (const { name, bytes } of outputs()) {
      expect(bytes.includes(JPEG_MAGIC), `${name} holds JPEG bytes`).toBe(false);
      expect(bytes.includes(PNG_MAGIC), `${name} holds PNG bytes`).toBe(false);
      const text = bytes.toString('latin1');
      expect(text.includes('/9j/'), `${name} holds base64 JPEG`).toBe(false);
      expect(text.includes('iVBORw0KGgo'), `${name} holds base64 PNG`).toBe(false);
    }
  });
});
