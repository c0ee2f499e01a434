import path from 'node:path';
import { PersonListSchema } from '@attendance/protocol';
import { loadNodePipeline } from '@attendance/vision/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { framedPhoto, headTurnFrames } from '../../server/test/ui/support/head-turn-video.js';
import { startEdgeE2e, type EdgeE2e } from './support/edge-e2e-fixture.js';
import { writeVideo } from './support/liveness-video.js';
import { runCli } from './support/run-cli.js';
import { LFW_PEOPLE_DIR, MODELS_DIR } from './support/shared-fixtures.js';

const TIMEOUT_MS = 120_000;
/** Frontal, scores real, and its synthesised turn to his right reaches yaw ≈ −0.37 (see head-turn-video.ts). */
const PHOTO = path.join(LFW_PEOPLE_DIR, 'Bill_McBride', 'Bill_McBride_0004.jpg');

/**
 * `attendance register --camera` asks for a head turn before taking samples (on by default). Videos are
 * read at their native speed (--realtime), like a camera, so the challenge's time limit means what it says.
 */
describe('register --camera with the head-turn challenge', () => {
  let e2e: EdgeE2e;
  let workDir: string;
  let turning: string;
  let still: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    e2e = await startEdgeE2e('register-challenge');
    ({ workDir, env } = e2e);
    const pipeline = await loadNodePipeline({ modelsDir: MODELS_DIR });
    try {
      const frame = await framedPhoto(PHOTO);
      const [face] = await pipeline.analyze(frame);
      if (!face) throw new Error('no face in the photo');
      const asSegments = (frames: ReturnType<typeof headTurnFrames>) =>
        frames.map((f) => ({ frame: f, seconds: 0.1 }));
      turning = await writeVideo(
        workDir,
        'turning',
        asSegments(headTurnFrames(frame, face.landmarks, -0.55)),
        10,
      );
      const steady = headTurnFrames(frame, face.landmarks, 0);
      still = await writeVideo(workDir, 'still', asSegments([...steady, ...steady]), 10);
    } finally {
      await pipeline.dispose();
    }
  }, TIMEOUT_MS);

  afterAll(async () => {
    await e2e?.close();
  });

  const people = async () => (await e2e.get('/v1/people?limit=50', PersonListSchema)).items;
  const register = (name: string, video: string) =>
    runCli(
      [
        'register',
        '--camera',
        '--name',
        name,
        '--source',
        video,
        '--realtime',
        '--challenge-direction',
        'right',
      ].concat(['--samples', '2', '--sample-interval', '200', '--no-live']),
      { env, cwd: workDir },
    );

  it(
    'a face that never turns is asked to, fails the check and is not enrolled',
    async () => {
      const run = await register('Still Photo', still);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain('turn your head to the right, then look back at the camera');
      expect(run.stderr).toContain('head-turn check was not passed');
      expect(run.stderr).not.toContain('captured sample');
      expect((await people()).some((p) => p.name === 'Still Photo')).toBe(false);
    },
    TIMEOUT_MS,
  );

  it(
    'a face that turns when asked passes the check, then its samples are enrolled',
    async () => {
      const run = await register('Bill McBride', turning);
      expect(run.code, run.stderr).toBe(0);
      expect(run.stderr).toContain('turn your head to the right, then look back at the camera');
      expect(run.stderr).toContain('head turn passed');
      expect(run.stderr).toContain('captured sample 2/2');
      expect((await people()).find((p) => p.name === 'Bill McBride')).toMatchObject({ template_count: 2 });
    },
    TIMEOUT_MS,
  );
});
