import { decodeLiveFrame, LiveMessageSchema, type LiveMessage, type MatchStatus } from '@attendance/protocol';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import type WebSocket from 'ws';
import { MIGRATIONS } from '../../src/db/migrations/index.js';
import type { Server } from '../../src/server.js';
import { dropPrefixAndDisconnect, SHARED_REDIS_URL, uniquePrefix } from '../cache/helpers/cache-test-kit.js';
import { fakeJpeg, openSocket } from '../relay/support/ws-clients.js';
import { randomUnitVector, seededRandom, vectorAtCosine } from '../support/embeddings.js';
import { useServerInstances } from '../support/server-instances.js';

const MODEL = 'cluster-test-512';

interface Instance {
  server: Server;
  baseUrl: string;
}

interface IdentifyAnswer {
  results: { status: MatchStatus; event_id: string | null }[];
}

/**
 * Two server instances (A and B) on two ports behind an imaginary load balancer, sharing one empty
 * PostgreSQL database and the shared Redis (under this test's own key prefix; never flushed).
 */
describe('two server instances sharing PostgreSQL and Redis', () => {
  const prefix = uniquePrefix();
  const instances = useServerInstances(
    {
      CACHE_BACKEND: 'redis',
      REDIS_URL: SHARED_REDIS_URL,
      CACHE_KEY_PREFIX: prefix,
      AUTO_START_LOCAL_REDIS: 'false',
      CACHE_TIMEOUT_MS: '2000',
    },
    undefined,
    12,
  );
  const { adminKey } = instances;
  const sockets: WebSocket[] = [];
  let a: Instance;
  let b: Instance;
  const keys = { edge: '', viewer: '' };
  const random = seededRandom(2026);

  const post = async <T>(instance: Instance, url: string, key: string, body: unknown) => {
    const response = await fetch(`${instance.baseUrl}${url}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': key },
      body: JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${url} on ${instance.baseUrl}: ${response.status} ${text}`);
    return JSON.parse(text) as T;
  };

  const enroll = async (name: string) => {
    const face = randomUnitVector(512, random);
    const person = await post<{ id: string }>(a, '/v1/people', adminKey, {
      name,
      templates: { model: MODEL, embeddings: [face] },
    });
    return { id: person.id, face };
  };

  const identify = (instance: Instance, face: readonly number[], extra: Record<string, unknown> = {}) =>
    post<IdentifyAnswer>(instance, '/v1/identify', keys.edge, {
      camera_id: 'cluster-door',
      model: MODEL,
      faces: [{ embedding: vectorAtCosine(face, 0.9, random) }],
      ...extra,
    }).then((answer) => answer.results[0] ?? { status: 'unknown' as const, event_id: null });

  const eventsOf = async (personId: string) => {
    const { rows } = await instances
      .database()
      .query<{ id: string }>('SELECT id FROM attendance_event WHERE person_id = $1', [personId]);
    return rows.map((row) => row.id);
  };

  const tally = (statuses: MatchStatus[]) => {
    const counts: Partial<Record<MatchStatus, number>> = {};
    for (const status of statuses) counts[status] = (counts[status] ?? 0) + 1;
    return counts;
  };

  afterAll(async () => {
    for (const socket of sockets) socket.terminate();
    await dropPrefixAndDisconnect(new Redis(SHARED_REDIS_URL), prefix);
  });

  it('(1) both start at once on an EMPTY database: migrations apply exactly once, both are ready', async () => {
    const { rows: before } = await instances
      .database()
      .query<{ n: number }>(
        "SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = 'public'",
      );
    expect(before[0]?.n).toBe(0);
    [a, b] = await Promise.all([instances.startListening(), instances.startListening()]);

    const { rows } = await instances
      .database()
      .query<{ id: string }>('SELECT id FROM schema_migrations ORDER BY id');
    expect(rows.map((row) => row.id)).toEqual(MIGRATIONS.map((migration) => migration.id));
    for (const instance of [a, b]) {
      const ready = (await (await fetch(`${instance.baseUrl}/health/ready`)).json()) as Record<
        string,
        unknown
      >;
      expect(ready).toMatchObject({
        status: 'ok',
        cache: { backend: 'redis', status: 'up' },
        migrations: { pending: 0 },
      });
    }
    // Keys live in the shared database: a key created through A works on B.
    keys.edge = (
      await post<{ key: string }>(a, '/v1/api-keys', adminKey, { name: 'edge', scopes: ['edge'] })
    ).key;
    keys.viewer = (
      await post<{ key: string }>(b, '/v1/api-keys', adminKey, { name: 'viewer', scopes: ['viewer'] })
    ).key;
  });

  it('(2a) the same person identified on A and B at the same time → exactly one event', async () => {
    const person = await enroll('Concurrent Person');
    const statuses = await Promise.all(
      Array.from({ length: 20 }, (_, i) => identify(i % 2 === 0 ? a : b, person.face)),
    );
    expect(tally(statuses.map((r) => r.status))).toEqual({ recorded: 1, already_recorded: 19 });
    const events = await eventsOf(person.id);
    expect(events).toHaveLength(1);
    // Every answer names that one event, whichever instance gave it.
    expect(new Set(statuses.map((r) => r.event_id))).toEqual(new Set(events));
  });

  it('(2b) one idempotency key replayed on A and B → one event, even for sightings days apart', async () => {
    const person = await enroll('Replayed Person');
    const base = Date.now() - 60 * 60_000;
    // Without the key these would be six events (each captured_at is two days from the others, far outside
    // the cooldown window), so the key alone is what makes them one.
    const answers = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        identify(i % 2 === 0 ? a : b, person.face, {
          idempotency_key: 'cluster-replay-0001',
          captured_at: new Date(base - i * 2 * 86_400_000).toISOString(),
        }),
      ),
    );
    expect(tally(answers.map((r) => r.status))).toEqual({ recorded: 1, already_recorded: 5 });
    const events = await eventsOf(person.id);
    expect(events).toHaveLength(1);
    expect(new Set(answers.map((r) => r.event_id))).toEqual(new Set(events));
  });

  it('(2c) two server instances writing at the same time: many people through both → exact count, 0 lost, 0 duplicated', async () => {
    const people = [];
    for (let i = 0; i < 30; i++) people.push(await enroll(`Crowd ${i}`));
    // Every person is seen 4 times (twice on each instance), all 120 requests in flight together.
    const sightings = people.flatMap((person) => [a, b, a, b].map((instance) => ({ person, instance })));
    const answers = await Promise.all(
      sightings.map(async ({ person, instance }) => ({
        person,
        answer: await identify(instance, person.face),
      })),
    );
    for (const person of people) {
      const mine = answers.filter((entry) => entry.person === person).map((entry) => entry.answer.status);
      expect(tally(mine), person.id).toEqual({ recorded: 1, already_recorded: 3 });
    }
    const ids = people.map((person) => person.id);
    const { rows } = await instances
      .database()
      .query<{ person_id: string; n: number }>(
        `SELECT person_id, count(*)::int AS n FROM attendance_event WHERE person_id = ANY($1::uuid[]) GROUP BY person_id`,
        [ids],
      );
    const lost = ids.filter((id) => !rows.some((row) => row.person_id === id));
    const duplicated = rows.filter((row) => row.n > 1);
    expect({ events: rows.reduce((sum, row) => sum + row.n, 0), lost, duplicated }).toEqual({
      events: people.length,
      lost: [],
      duplicated: [],
    });
  });

  it('(3) a camera publishing to A is live for a viewer on B: frames, camera status and events', async () => {
    const ws = (instance: Instance) => instance.baseUrl.replace('http', 'ws');
    const viewer = await openSocket(`${ws(b)}/v1/live/view?camera_id=cluster-door`, {
      'x-api-key': keys.viewer,
    });
    sockets.push(viewer);
    const messages: LiveMessage[] = [];
    const frames: { cameraId: string; jpeg: Buffer }[] = [];
    viewer.on('message', (data: Buffer, isBinary) => {
      if (!isBinary) {
        messages.push(LiveMessageSchema.parse(JSON.parse(data.toString())));
        return;
      }
      const frame = decodeLiveFrame(data);
      if (frame) frames.push({ cameraId: frame.cameraId, jpeg: Buffer.from(frame.jpeg) });
    });

    const publisher = await openSocket(`${ws(a)}/v1/live/publish?camera_id=cluster-door`, {
      'x-api-key': keys.edge,
    });
    sockets.push(publisher);
    await expect.poll(() => messages.some((m) => m.type === 'camera.online'), { timeout: 20_000 }).toBe(true);

    const sent = [fakeJpeg(4096), fakeJpeg(5000), fakeJpeg(6000)];
    for (const jpeg of sent) {
      publisher.send(jpeg);
      // One at a time: this checks delivery; latest-frame-wins under a burst is the next test.
      await expect.poll(() => frames.length, { timeout: 20_000 }).toBe(sent.indexOf(jpeg) + 1);
    }
    expect(frames.map((frame) => frame.cameraId)).toEqual(['cluster-door', 'cluster-door', 'cluster-door']);
    expect(frames.map((frame) => frame.jpeg.equals(sent[frames.indexOf(frame)] ?? Buffer.alloc(0)))).toEqual([
      true,
      true,
      true,
    ]);

    // B's status messages list the camera as online although it publishes to A.
    await expect
      .poll(
        () =>
          messages.some(
            (m) =>
              m.type === 'relay.status' &&
              m.payload.cameras.some((c) => c.camera_id === 'cluster-door' && c.online && c.frames >= 3),
          ),
        { timeout: 20_000 },
      )
      .toBe(true);

    // A live event raised on A (an identify handled there) reaches the viewer on B.
    const person = await enroll('Live Person');
    expect((await identify(a, person.face)).status).toBe('recorded');
    await expect
      .poll(
        () => messages.some((m) => m.type === 'attendance.recorded' && m.payload.person.id === person.id),
        {
          timeout: 20_000,
        },
      )
      .toBe(true);

    publisher.close();
    await expect
      .poll(() => messages.some((m) => m.type === 'camera.offline'), { timeout: 20_000 })
      .toBe(true);
  });

  it('(3b) latest frame wins across instances: a burst on A reaches B as its first and its newest frame', async () => {
    const viewer = await openSocket(`${b.baseUrl.replace('http', 'ws')}/v1/live/view?camera_id=burst-cam`, {
      'x-api-key': keys.viewer,
    });
    sockets.push(viewer);
    const received: Buffer[] = [];
    viewer.on('message', (data: Buffer, isBinary) => {
      const frame = isBinary ? decodeLiveFrame(data) : null;
      if (frame) received.push(Buffer.from(frame.jpeg));
    });
    const publisher = a.server.liveHub.connectPublisher('burst-cam', () => undefined);
    // A first frame reaches B once A has heard that B watches this camera (A keeps it until then).
    const first = fakeJpeg(2000);
    publisher.publish(first);
    await expect.poll(() => received.length, { timeout: 20_000 }).toBe(1);
    const droppedBefore = await counter(a, 'relayBridgeFramesDropped');

    // 50 frames in one synchronous burst: the bridge has one PUBLISH in flight and one waiting slot.
    const burst = Array.from({ length: 50 }, () => fakeJpeg(3000));
    for (const jpeg of burst) publisher.publish(jpeg);
    await expect.poll(() => received.length, { timeout: 20_000 }).toBe(3);
    await new Promise((resolve) => setTimeout(resolve, 500));
    publisher.disconnect();

    expect(received).toHaveLength(3);
    expect(received[0]?.equals(first)).toBe(true);
    expect(received[1]?.equals(burst[0] ?? Buffer.alloc(0))).toBe(true);
    expect(received[2]?.equals(burst[49] ?? Buffer.alloc(0))).toBe(true);
    expect((await counter(a, 'relayBridgeFramesDropped')) - droppedBefore).toBe(48);
  });

  it('(3c) frames cross only while a viewer on another instance watches: none before, the kept one at once, none after', async () => {
    const camera = 'watched-later-cam';
    const framesChannel = `${prefix}:relay:frames`;
    const listener = new Redis(SHARED_REDIS_URL);
    const bridged: string[] = [];
    listener.on('messageBuffer', (channel: Buffer, message: Buffer) => {
      // A bridged frame: the 16-byte id of the instance that published it, then the live frame.
      const frame = channel.toString() === framesChannel ? decodeLiveFrame(message.subarray(16)) : null;
      if (frame?.cameraId === camera) bridged.push(Buffer.from(frame.jpeg).toString('hex'));
    });
    await listener.subscribe(framesChannel);
    try {
      const publisher = a.server.liveHub.connectPublisher(camera, () => undefined);
      const unwatchedBefore = await counter(a, 'relayBridgeFramesUnwatched');
      const quiet = Array.from({ length: 10 }, () => fakeJpeg(2000));
      for (const jpeg of quiet) publisher.publish(jpeg);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(bridged).toEqual([]);
      expect((await counter(a, 'relayBridgeFramesUnwatched')) - unwatchedBefore).toBe(9);

      // A viewer on B: the frame A kept (the newest) arrives without a new one being published.
      const viewer = await openSocket(`${b.baseUrl.replace('http', 'ws')}/v1/live/view?camera_id=${camera}`, {
        'x-api-key': keys.viewer,
      });
      const received: Buffer[] = [];
      viewer.on('message', (data: Buffer, isBinary) => {
        const frame = isBinary ? decodeLiveFrame(data) : null;
        if (frame) received.push(Buffer.from(frame.jpeg));
      });
      await expect.poll(() => received.length, { timeout: 20_000 }).toBe(1);
      expect(received[0]?.equals(quiet[9] ?? Buffer.alloc(0))).toBe(true);
      const next = fakeJpeg(2100);
      publisher.publish(next);
      await expect.poll(() => received.length, { timeout: 20_000 }).toBe(2);
      expect(received[1]?.equals(next)).toBe(true);

      // The viewer leaves: once A has heard it, A keeps frames again instead of publishing them.
      viewer.close();
      const unwatchedAfterViewer = await counter(a, 'relayBridgeFramesUnwatched');
      await expect
        .poll(
          async () => {
            publisher.publish(fakeJpeg(2000));
            return (await counter(a, 'relayBridgeFramesUnwatched')) > unwatchedAfterViewer;
          },
          { timeout: 20_000, interval: 100 },
        )
        .toBe(true);
      await new Promise((resolve) => setTimeout(resolve, 200));
      const bridgedSoFar = bridged.length;
      for (let i = 0; i < 5; i++) publisher.publish(fakeJpeg(2000));
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(bridged).toHaveLength(bridgedSoFar);
      publisher.disconnect();
    } finally {
      listener.disconnect();
    }
  });

  /** A counter of an instance's metrics registry, read directly. */
  const counter = async (
    instance: Instance,
    name: 'relayBridgeFramesDropped' | 'relayBridgeFramesUnwatched',
  ) => (await instance.server.metrics[name].get()).values[0]?.value ?? 0;
});
