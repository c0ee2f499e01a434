import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PersonListSchema } from '@attendance/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../server/test/support/test-server.js';
import { TEST_DET_SIZE, selectDoorFixture, type DoorFixture } from './support/face-fixtures.js';
import { makeVideo } from './support/make-video.js';
import { runCli } from './support/run-cli.js';
import { MODELS_DIR, SHARED_DIR, photosOf } from './support/shared-fixtures.js';

/** Generous: these tests spawn the CLI and run real models on a shared 2-core machine. */
const TIMEOUT_MS = 90_000;

describe('register --camera', () => {
  let fixture: DoorFixture;
  let server: TestServer;
  let workDir: string;
  let env: Record<string, string>;
  let person: string;
  let oneFace: string;

  beforeAll(async () => {
    workDir = mkdtempSync(path.join(tmpdir(), 'edge-register-'));
    fixture = await selectDoorFixture(1, 0);
    person = fixture.people[0] ?? '';
    server = await startTestServer({
      driver: 'pglite',
      listen: true,
      env: { SIMILARITY_THRESHOLD: String(fixture.threshold) },
    });
    env = {
      SERVER_URL: server.baseUrl ?? '',
      API_KEY: server.adminKey,
      MODELS_DIR,
      DET_SIZE: String(TEST_DET_SIZE),
    };
    // The person "in front of the camera": their photos one after another (small pose changes), read at
    // the video's own speed (`--realtime`) so samples --sample-interval apart exist however fast the machine.
    oneFace = await makeVideo(photosOf(person).slice(0, 2), {
      dir: workDir,
      name: 'one-face',
      secondsEach: 1.5,
      fps: 5,
      size: 320,
    });
  });

  afterAll(async () => {
    await server.close();
    rmSync(workDir, { recursive: true, force: true });
  });

  const people = async () => {
    const response = await fetch(`${server.baseUrl}/v1/people?limit=50`, {
      headers: { 'x-api-key': server.adminKey },
    });
    return PersonListSchema.parse(await response.json()).items;
  };

  it(
    'captures several samples of exactly one face and enrolls them as one person',
    async () => {
      const run = await runCli(
        [
          'register',
          '--camera',
          '--name',
          'Door Tester',
          '--external-id',
          'E-100',
          '--source',
          oneFace,
        ].concat(['--samples', '3', '--sample-interval', '200', '--no-live', '--no-challenge', '--realtime']),
        { env, cwd: workDir },
      );
      expect(run.code, run.stderr).toBe(0);
      expect(run.stderr).toContain('captured sample 3/3');
      expect(run.stdout).toContain('enrolled 1, duplicates 0');
      const enrolled = (await people()).find((p) => p.external_id === 'E-100');
      expect(enrolled).toMatchObject({ name: 'Door Tester', template_count: 3 });
    },
    TIMEOUT_MS,
  );

  it(
    'refuses the same face enrolled again under another name, with exit 1',
    async () => {
      const run = await runCli(
        ['register', '--camera', '--name', 'Impostor', '--source', oneFace, '--samples', '2'].concat([
          '--sample-interval',
          '200',
          '--no-live',
          '--no-challenge',
          '--realtime',
        ]),
        { env, cwd: workDir },
      );
      expect(run.code).toBe(1);
      expect(run.stdout).toMatch(/duplicate +Impostor: face already enrolled/);
      expect((await people()).some((p) => p.name === 'Impostor')).toBe(false);
    },
    TIMEOUT_MS,
  );

  it(
    'never captures while several faces are in view',
    async () => {
      const crowd = await makeVideo([path.join(SHARED_DIR, 'faces/bbt/bbt1.jpg')], {
        dir: workDir,
        name: 'crowd',
        secondsEach: 2,
        fps: 5,
        size: 640,
      });
      const run = await runCli(
        [
          'register',
          '--camera',
          '--name',
          'Crowd',
          '--source',
          crowd,
          '--samples',
          '2',
          '--no-live',
          '--no-challenge',
        ],
        { env, cwd: workDir },
      );
      expect(run.code).toBe(1);
      expect(run.stderr).toContain('captured 0/2 samples');
      expect((await people()).some((p) => p.name === 'Crowd')).toBe(false);
    },
    TIMEOUT_MS,
  );
});
