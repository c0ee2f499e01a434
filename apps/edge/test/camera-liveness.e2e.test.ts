import { mkdirSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { AttendanceListSchema, SpoofEventListSchema } from '@attendance/protocol';
import { BUILTIN_PACKS, DEFAULT_PACK } from '@attendance/vision';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEdgeE2e, type EdgeE2e } from './support/edge-e2e-fixture.js';
import { personFrame, phoneReplayFrame, writeVideo } from './support/liveness-video.js';
import { runCli } from './support/run-cli.js';
import { LFW_PEOPLE_DIR, MODELS_DIR } from './support/shared-fixtures.js';

/** Generous: these tests spawn the CLI and run real models on a shared 2-core machine. */
const TIMEOUT_MS = 180_000;

/**
 * Three visitors, measured with the real MiniFASNet pair (see liveness-video.ts for the scenes):
 * - a person at the door (photo scaled to 440 px: face ≈ 190 px, liveness ≈ 0.99) — real;
 * - another enrolled person's photo replayed on a phone held up to the camera (bezel, glare, moiré;
 *   the same photo scores ≈ 0.97 shown as a person, ≈ 0.00 on the phone) — spoof;
 * - a third enrolled person standing far away (face ≈ 65–75 px: passes the quality checks, below the
 *   80 px liveness minimum) — too small.
 */
const VISITORS = {
  real: { person: 'Jay_Garner', photo: 6, enroll: [1, 2, 3] },
  replayed: { person: 'Bill_Clinton', photo: 5, enroll: [1, 2, 3] },
  far: { person: 'Mohamed_ElBaradei', photo: 2, enroll: [1, 3, 4] },
} as const;
const photo = (person: string, index: number) =>
  path.join(LFW_PEOPLE_DIR, person, `${person}_${String(index).padStart(4, '0')}.jpg`);

describe('camera agent with passive liveness', () => {
  let e2e: EdgeE2e;
  let workDir: string;
  let video: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    e2e = await startEdgeE2e('liveness');
    ({ workDir, env } = e2e);
    for (const { person, enroll } of Object.values(VISITORS)) {
      mkdirSync(path.join(workDir, 'people', person), { recursive: true });
      for (const index of enroll) {
        symlinkSync(photo(person, index), path.join(workDir, 'people', person, `photo${index}.jpg`));
      }
    }
    video = await writeVideo(workDir, 'door', [
      { frame: await personFrame(photo(VISITORS.real.person, VISITORS.real.photo), 440), seconds: 3 },
      {
        frame: await phoneReplayFrame(photo(VISITORS.replayed.person, VISITORS.replayed.photo), 280),
        seconds: 3,
      },
      { frame: await personFrame(photo(VISITORS.far.person, VISITORS.far.photo), 170), seconds: 3 },
    ]);
    const register = await runCli(['register', '--folder', 'people'], { env, cwd: workDir });
    expect(register.code, register.stdout + register.stderr).toBe(0);
    expect(register.stdout).toContain('enrolled 3, duplicates 0, refused 0, failed 0');
  }, TIMEOUT_MS);

  afterAll(async () => {
    await e2e?.close();
  });

  const get = <T>(route: string, schema: { parse(value: unknown): T }) => e2e.get(route, schema);
  const recordedAt = async (camera: string) =>
    (await get(`/v1/attendance?camera_id=${camera}`, AttendanceListSchema)).items.map(
      (e) => e.person.external_id,
    );

  it(
    'enforce: records the person at the door, refuses the phone replay (spoof event) and the far face',
    async () => {
      const camera = await runCli(
        ['camera', '--source', video, '--liveness', 'enforce', '--camera-id', 'door-enforce'],
        {
          env,
          cwd: workDir,
          timeoutMs: 150_000,
        },
      );
      expect(camera.code, camera.stderr).toBe(0);
      expect(await recordedAt('door-enforce')).toEqual([VISITORS.real.person]);
      expect(camera.stderr).toMatch(
        /spoof suspected on \S+: liveness 0\.\d\d over \d+ frames; not identified/,
      );
      expect(camera.stderr).toMatch(/face too small for a liveness decision \(come closer\); not identified/);
      expect(camera.stderr).toMatch(/final: .* spoofs 1\b/);

      const spoofs = await get('/v1/spoof-events?camera_id=door-enforce', SpoofEventListSchema);
      expect(spoofs.items).toHaveLength(1);
      expect(spoofs.items[0]).toMatchObject({ reason: 'passive_spoof', mode: 'enforce' });
      expect(spoofs.items[0]?.score).toBeLessThan(0.5);
    },
    TIMEOUT_MS,
  );

  it(
    'off: the same video records all three (they are enrolled and recognisable; only liveness held them back)',
    async () => {
      const camera = await runCli(
        ['camera', '--source', video, '--liveness', 'off', '--camera-id', 'door-off'],
        {
          env,
          cwd: workDir,
          timeoutMs: 150_000,
        },
      );
      expect(camera.code, camera.stderr).toBe(0);
      // The person at the door is inside the cooldown from the first run: "already recorded".
      expect((await recordedAt('door-off')).sort()).toEqual(
        [VISITORS.far.person, VISITORS.replayed.person].sort(),
      );
      expect(camera.stderr).toMatch(/final: .* already [1-9]/);
      const spoofs = await get('/v1/spoof-events?camera_id=door-off', SpoofEventListSchema);
      expect(spoofs.items).toEqual([]);
    },
    TIMEOUT_MS,
  );

  it(
    'enforce without the liveness models fails at start with a clear message and exit 70',
    async () => {
      // The face models are there, the antispoof/ pair is not.
      const models = path.join(workDir, 'models-without-antispoof');
      mkdirSync(models);
      const pack = BUILTIN_PACKS[DEFAULT_PACK];
      for (const file of [pack.detector, pack.recognizer]) {
        symlinkSync(path.join(MODELS_DIR, file), path.join(models, file));
      }
      const run = await runCli(['camera', '--source', video, '--liveness', 'enforce'], {
        env: { ...env, MODELS_DIR: models },
        cwd: workDir,
      });
      expect(run.code, run.stderr).toBe(70);
      expect(run.stderr).toContain('liveness enforce needs the anti-spoofing models');
      expect(run.stderr).toContain('--liveness off');
    },
    TIMEOUT_MS,
  );
});
