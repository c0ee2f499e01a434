import { mkdtempSync, rmSync, symlinkSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AttendanceEventSchema } from '@attendance/protocol';
import { decodeImageBuffer, decodeImageFile, encodeJpeg } from '@attendance/vision/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { z } from 'zod';
import { startTestServer, type TestServer } from '../../server/test/support/test-server.js';
import { TEST_DET_SIZE, doorSequence, selectDoorFixture, type DoorFixture } from './support/face-fixtures.js';
import { makeVideo } from './support/make-video.js';
import { runCli } from './support/run-cli.js';
import { LFW_PEOPLE_DIR, MODELS_DIR, strangerPhotos } from './support/shared-fixtures.js';

/** Generous: these tests spawn the CLI and run real models on a shared 2-core machine. */
const TIMEOUT_MS = 180_000;

const EventsSchema = z.array(AttendanceEventSchema.extend({ local_time: z.string() }));

let fixture: DoorFixture;
let workDir: string;
let video: string;

beforeAll(async () => {
  workDir = mkdtempSync(path.join(tmpdir(), 'edge-e2e-'));
  fixture = await selectDoorFixture(5, 4);
  expect(fixture.people).toHaveLength(5);
  // A bulk folder `<name>/photo*.jpg` made of links to the shared photos (never copies).
  mkdirSync(path.join(workDir, 'people'));
  for (const person of fixture.people) {
    symlinkSync(path.join(LFW_PEOPLE_DIR, person), path.join(workDir, 'people', person));
  }
  // Last, after an empty doorway (so a new track starts): a face too dark to use, refused by quality on
  // every frame and never sent to the server.
  const photo = await decodeImageFile(strangerPhotos().at(-1) ?? '');
  const dark = path.join(workDir, 'dark.jpg');
  writeFileSync(dark, await encodeJpeg({ ...photo, data: photo.data.map((v) => Math.round(v * 0.3)) }, 95));
  const empty = path.join(workDir, 'empty.jpg');
  writeFileSync(empty, await encodeJpeg({ ...photo, data: new Uint8Array(photo.data.length) }, 95));
  video = await makeVideo([...doorSequence(fixture), empty, empty, dark], {
    dir: workDir,
    name: 'door',
    secondsEach: 1,
    fps: 5,
    size: 320,
  });
});

afterAll(() => rmSync(workDir, { recursive: true, force: true }));

describe.each(['pglite', 'postgres'] as const)('camera agent end to end on %s', (driver) => {
  let server: TestServer;
  let env: Record<string, string>;

  beforeAll(async () => {
    server = await startTestServer({
      driver,
      listen: true,
      env: { SIMILARITY_THRESHOLD: String(fixture.threshold) },
    });
    env = {
      SERVER_URL: server.baseUrl ?? '',
      API_KEY: server.adminKey,
      CAMERA_ID: `door-${driver}`,
      MODELS_DIR,
      DET_SIZE: String(TEST_DET_SIZE),
      EDGE_DATA_DIR: path.join(workDir, `edge-${driver}`),
    };
  });
  afterAll(async () => server.close());

  it(
    'enrolls from a folder, then records every enrolled person once and no stranger',
    async () => {
      const register = await runCli(['register', '--folder', 'people', '--max-photos', '2'], {
        env,
        cwd: workDir,
      });
      expect(register.code, register.stderr).toBe(0);
      expect(register.stdout).toContain(
        `enrolled ${fixture.people.length}, duplicates 0, refused 0, failed 0`,
      );

      const viewer = await watchLiveView(server, env['CAMERA_ID'] ?? '');
      const camera = await runCli(
        ['camera', '--source', video, '--live-fps', '4', '--stats-interval', '0.3'],
        {
          env,
          cwd: workDir,
          timeoutMs: 150_000,
        },
      );
      viewer.close();
      expect(camera.code, camera.stderr).toBe(0);
      // Annotated frames reached a dashboard viewer through the server's relay.
      const jpeg = viewer.frames.find((frame) => frame.includes(JPEG_START));
      expect(jpeg, `no JPEG among ${viewer.frames.length} live messages`).toBeDefined();
      const decoded = await decodeImageBuffer(new Uint8Array(jpeg?.subarray(jpeg.indexOf(JPEG_START)) ?? []));
      expect([decoded.width, decoded.height]).toEqual([320, 320]);
      expect(camera.stderr).toMatch(
        /stats: \d+ frames in [\d.]+ s, fps [\d.]+ \(last [\d.]+ s: fps [\d.]+, ms\/frame read [\d.]+ analyze [\d.]+/,
      );
      // Every stranger was asked about and answered unknown; each person recorded once, repeats "already".
      const final = /final: .* requests (\d+) recorded (\d+) already (\d+) unknown (\d+) /.exec(
        camera.stderr,
      );
      const [requestCount, recordedCount, alreadyCount, unknownCount] = (final?.slice(1) ?? []).map(Number);
      expect(recordedCount).toBe(fixture.people.length);
      expect(unknownCount).toBe(fixture.strangers.length);
      expect(alreadyCount).toBeGreaterThanOrEqual(2);
      expectEveryDecisionLogged(camera.stderr, {
        people: fixture.people,
        requests: requestCount ?? -1,
        already: alreadyCount ?? -1,
        unknown: unknownCount ?? -1,
      });
      expectRealAverageFps(camera.stderr);

      const listed = await runCli(['attendance', '--format', 'json', '--camera', env['CAMERA_ID'] ?? ''], {
        env,
        cwd: workDir,
      });
      expect(listed.code, listed.stderr).toBe(0);
      const events = EventsSchema.parse(JSON.parse(listed.stdout));
      const recorded = events.map((event) => event.person.external_id).sort();
      expect(recorded).toEqual([...fixture.people].sort());
      expect(events.every((event) => event.model === fixture.modelId)).toBe(true);
    },
    TIMEOUT_MS,
  );

  if (driver === 'pglite') {
    it(
      'doctor accepts a working configuration and rejects a wrong API key with exit 78',
      async () => {
        const ok = await runCli(['doctor'], { env, cwd: workDir });
        expect(ok.code, ok.stdout + ok.stderr).toBe(0);
        expect(ok.stdout).toMatch(/\[ok {2}\] models +faceplugin|\[ok {2}\] models/);
        expect(ok.stdout).toContain('The configuration works.');

        const wrong = await runCli(
          ['doctor', '--skip-models', '--api-key', 'sa_wrong_key_0000000000000000'],
          {
            env,
            cwd: workDir,
          },
        );
        expect(wrong.code).toBe(78);
        expect(wrong.stdout).toMatch(/\[FAIL\] api key +rejected by the server \(401\)/);
      },
      TIMEOUT_MS,
    );

    it(
      'shows and logs server refusals (wrong key) instead of swallowing them, and exits 1',
      async () => {
        const person = fixture.people[0] ?? '';
        const short = await makeVideo([fixture.probes.get(person)?.[0] ?? ''], {
          dir: workDir,
          name: 'short',
          secondsEach: 1.2,
          fps: 5,
          size: 320,
        });
        const run = await runCli(['camera', '--source', short, '--no-live'], {
          env: {
            ...env,
            API_KEY: 'sa_wrong_key_0000000000000000',
            EDGE_DATA_DIR: path.join(workDir, 'edge-401'),
          },
          cwd: workDir,
        });
        expect(run.code).toBe(1);
        expect(run.stderr).toMatch(/identify refused for \S+: 401 unauthorized/);
        expect(run.stderr).toMatch(/final: .*requests [1-9]\d* .*errors [1-9]/);
      },
      TIMEOUT_MS,
    );

    it(
      'reads a folder of images, asking once per person even when each is seen in one frame',
      async () => {
        const [first, second] = fixture.people;
        const folder = path.join(workDir, 'frames');
        mkdirSync(folder);
        const stills = [
          fixture.probes.get(first ?? '')?.[0],
          fixture.strangers[0],
          fixture.probes.get(second ?? '')?.[0],
        ];
        stills.forEach((photo, index) => symlinkSync(photo ?? '', path.join(folder, `${index + 1}.jpg`)));
        const run = await runCli(['camera', '--source', 'frames', '--no-live'], { env, cwd: workDir });
        expect(run.code, run.stderr).toBe(0);
        expect(run.stderr).toContain(`reading image folder ${folder}`);
        // Both people were recorded by the video run already: the cooldown answers "already recorded".
        expect(run.stderr).toMatch(/final: .*frames 3 .*requests 3 recorded 0 already 2 unknown 1 /);
      },
      TIMEOUT_MS,
    );

    it(
      'table and csv formats show the same events in local time',
      async () => {
        const table = await runCli(['attendance', '--tz', 'Asia/Kolkata'], { env, cwd: workDir });
        expect(table.code, table.stderr).toBe(0);
        expect(table.stdout).toContain('Times in Asia/Kolkata.');
        const csv = await runCli(['attendance', '--format', 'csv'], { env, cwd: workDir });
        expect(csv.stdout.trim().split('\n')).toHaveLength(1 + fixture.people.length);
      },
      TIMEOUT_MS,
    );
  }
});

describe('doctor without a usable model', () => {
  it(
    'fails with exit 70 and names the missing file',
    async () => {
      const run = await runCli(['doctor', '--skip-server', '--recognizer', 'no-such-model.onnx'], {
        env: { MODELS_DIR },
        cwd: tmpdir(),
      });
      expect(run.code).toBe(70);
      expect(run.stdout).toMatch(/\[FAIL\] models +cannot load the face models: .*no-such-model\.onnx/);
    },
    TIMEOUT_MS,
  );
});

const JPEG_START = Buffer.from([0xff, 0xd8, 0xff]);

/** One info line per decision, naming the track and the similarity; the too-dark face's refusal too. */
function expectEveryDecisionLogged(
  stderr: string,
  expected: { people: readonly string[]; requests: number; already: number; unknown: number },
) {
  const lines = stderr.split('\n');
  const matching = (pattern: RegExp) => lines.map((line) => pattern.exec(line)).filter((m) => m !== null);
  const recorded = matching(/ info +recorded .+ \((\S+)\) on track \S+, similarity \d\.\d{3}$/);
  const already = matching(/ info +already recorded .+ \(\S+\) on track \S+, similarity \d\.\d{3}$/);
  const unknown = matching(
    / info +unknown face on track \S+, best similarity -?\d\.\d{3} \(threshold [\d.]+\)$/,
  );
  expect(recorded.map((m) => m[1]).sort()).toEqual([...expected.people].sort());
  expect(already).toHaveLength(expected.already);
  expect(unknown).toHaveLength(expected.unknown);
  expect(recorded.length + already.length + unknown.length).toBe(expected.requests);
  expect(
    matching(
      / info +refused by quality on track \S+: all \d+ frame\(s\) failed; last: too dark: face brightness \d+ < minimum 60/,
    ),
  ).not.toHaveLength(0);
}

/**
 * The final line's fps is the run's real average: its frames over its seconds, and those seconds are the
 * wall time between the agent's start and its final line (log timestamps), within 5 %.
 */
function expectRealAverageFps(stderr: string) {
  const time = (pattern: RegExp) =>
    Date.parse(new RegExp(`^(\\S+) .*${pattern.source}`, 'm').exec(stderr)?.[1] ?? '');
  const final =
    /final: (\d+) frames in ([\d.]+) s, fps ([\d.]+) \| ms\/frame read [\d.]+ analyze [\d.]+/.exec(stderr);
  const [frames, seconds, fps] = (final?.slice(1) ?? []).map(Number) as [number, number, number];
  expect(frames).toBeGreaterThan(0);
  expect(Math.abs(fps - frames / seconds) / fps).toBeLessThan(0.05);
  const wallSeconds = (time(/final: /) - time(/camera \S+: reading /)) / 1000;
  expect(Math.abs(seconds - wallSeconds) / wallSeconds).toBeLessThan(0.05);
}

/** A dashboard viewer on the server's live relay, collecting binary frames for one camera. */
async function watchLiveView(server: TestServer, cameraId: string) {
  const url = `${(server.baseUrl ?? '').replace(/^http/, 'ws')}/v1/live/view?camera_id=${cameraId}`;
  const socket = new WebSocket(url, { headers: { 'x-api-key': server.adminKey } });
  const frames: Buffer[] = [];
  socket.on('message', (data, isBinary) => {
    if (isBinary && Buffer.isBuffer(data)) frames.push(data);
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  return { frames, close: () => socket.close() };
}
