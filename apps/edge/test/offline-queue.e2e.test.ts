import { mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { AttendanceListSchema, IdentifyResponseSchema } from '@attendance/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEdgeE2eWithServerProcess, type EdgeE2e } from './support/edge-e2e-fixture.js';
import { selectDoorFixture, type DoorFixture } from './support/face-fixtures.js';
import { makeVideo } from './support/make-video.js';
import { runCli } from './support/run-cli.js';
import type { ServerProcess } from './support/server-process.js';
import { LFW_PEOPLE_DIR } from './support/shared-fixtures.js';

/** Generous: these tests spawn the CLI and run real models on a shared 2-core machine. */
const TIMEOUT_MS = 240_000;

const ADMIN_KEY = 'sa_offline_test_admin_key_0123456789';

describe('offline queue: the server stops during a run and comes back', () => {
  let fixture: DoorFixture;
  let e2e: EdgeE2e | undefined;
  let workDir: string;
  let server: ServerProcess;
  let env: Record<string, string>;

  beforeAll(async () => {
    fixture = await selectDoorFixture(3, 2);
    const started = await startEdgeE2eWithServerProcess('offline', {
      adminKey: ADMIN_KEY,
      serverEnv: { SIMILARITY_THRESHOLD: String(fixture.threshold) },
      env: { CAMERA_ID: 'door-offline', REQUEST_TIMEOUT_MS: '3000' },
    });
    e2e = started;
    ({ workDir, env, server } = started);
    mkdirSync(path.join(workDir, 'people'));
    for (const person of fixture.people) {
      symlinkSync(path.join(LFW_PEOPLE_DIR, person), path.join(workDir, 'people', person));
    }
  });

  afterAll(async () => {
    await e2e?.close();
  });

  const listEvents = async () =>
    (await (e2e as EdgeE2e).get('/v1/attendance?camera_id=door-offline&limit=100', AttendanceListSchema))
      .items;

  it(
    'queues events durably, replays them after an agent restart, and never stores one twice',
    async () => {
      const register = await runCli(['register', '--folder', 'people', '--max-photos', '2'], {
        env,
        cwd: workDir,
      });
      expect(register.code, register.stdout + register.stderr).toBe(0);

      const [first, second, third] = fixture.people.map((person) => fixture.probes.get(person)?.[0] ?? '');
      const [strangerA, strangerB] = fixture.strangers;
      const door = await makeVideo([first, strangerA, second, strangerB, third].map(String), {
        dir: workDir,
        name: 'door',
        secondsEach: 1.2,
        fps: 5,
        size: 320,
      });
      const camera = runCli(
        [
          'camera',
          '--source',
          door,
          '--realtime',
          '--no-live',
          '--drain-timeout',
          '2',
          '--stats-interval',
          '1',
        ],
        { env, cwd: workDir, timeoutMs: 120_000 },
      );
      // Stop the server as soon as the first person has been recorded online.
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('first person never recorded')), 60_000);
        camera.child.stderr?.on('data', (chunk: Buffer) => {
          if (chunk.toString().includes('recorded ')) {
            clearTimeout(timer);
            resolve();
          }
        });
      });
      await server.stop();
      const offlineRun = await camera;
      expect(offlineRun.code, offlineRun.stderr).toBe(69); // ended with events still queued
      expect(offlineRun.stderr).toMatch(/server unavailable .*; queued/);
      const queueFile = path.join(workDir, 'edge', 'identify-queue.jsonl');
      const queued = readFileSync(queueFile, 'utf8')
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as { key: string; request: unknown });
      expect(queued.length).toBeGreaterThanOrEqual(2); // at least the two people after the outage

      await server.start();
      const calm = await makeVideo([strangerA ?? ''], {
        dir: workDir,
        name: 'calm',
        secondsEach: 0.6,
        fps: 5,
        size: 320,
      });
      const replayRun = await runCli(['camera', '--source', calm, '--no-live', '--drain-timeout', '20'], {
        env,
        cwd: workDir,
        timeoutMs: 90_000,
      });
      expect(replayRun.code, replayRun.stderr).toBe(0);
      expect(replayRun.stderr).toContain(
        `offline queue: ${queued.length} request(s) from a previous run to replay`,
      );
      expect(readFileSync(queueFile, 'utf8')).toBe('');

      const events = await listEvents();
      expect(events.map((event) => event.person.external_id).sort()).toEqual([...fixture.people].sort());

      // Replaying the same requests again (same idempotency keys) must not store anything new.
      for (const entry of queued) {
        const response = await fetch(`${server.baseUrl}/v1/identify`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-api-key': ADMIN_KEY },
          body: JSON.stringify(entry.request),
        });
        expect(response.status).toBe(200);
        IdentifyResponseSchema.parse(await response.json());
      }
      expect(await listEvents()).toHaveLength(fixture.people.length);
    },
    TIMEOUT_MS,
  );
});
