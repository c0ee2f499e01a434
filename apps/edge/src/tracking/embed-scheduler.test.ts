import type { FaceResult } from '@attendance/protocol';
import { describe, expect, it } from 'vitest';
import { TrackRecognizer, type RecognitionPolicy } from '../camera/track-recognizer.js';
import { answeredOutcome } from '../../test/support/identify-outcomes.js';
import type { Box } from './box-geometry.js';
import { EmbedScheduler, type EmbedReason, type ScheduledFace } from './embed-scheduler.js';

const policy: RecognitionPolicy = {
  framesToFuse: 3,
  bestOfSamples: 3,
  maxWaitMs: 1000,
  knownTtlMs: 10_000,
  unknownTtlMs: 2_000,
  errorRetryMs: 3_000,
};
const answer = (status: FaceResult['status']) => answeredOutcome(status, 't');
const box = (x: number, size = 100): Box => [x, 100, x + size, 100 + size];
/** A unit signature pattern: `kind` 0 and 1 are two different faces. */
const signature = (kind: number) => {
  const values = Float32Array.from({ length: 144 }, (_, i) => Math.sin(i * (kind + 1) * 0.37));
  const norm = Math.hypot(...values);
  return values.map((v) => v / norm);
};

/**
 * Drives the scheduler and a real TrackRecognizer through a scripted track, one frame per 100 ms, feeding
 * the recognizer exactly the faces the scheduler chose (as the agent does). Returns each frame's reason.
 */
function scriptedRun(status: FaceResult['status']) {
  const asked: number[] = [];
  let frame = 0;
  const recognizer = new TrackRecognizer(
    policy,
    () => {
      asked.push(frame);
      return Promise.resolve(answer(status));
    },
    () => {},
    () => frame * 100,
  );
  const scheduler = new EmbedScheduler();
  return {
    asked,
    recognizer,
    async step(
      faces: Omit<ScheduledFace, 'sampleNeed' | 'isNew' | 'reacquired'>[],
      extra: Partial<Pick<ScheduledFace, 'isNew' | 'reacquired'>> = {},
      hidden: { id: string; box: Box }[] = [],
    ): Promise<(EmbedReason | null)[]> {
      const now = frame * 100;
      const reasons = scheduler.plan(
        faces.map((face) => ({
          isNew: frame === 0,
          reacquired: false,
          ...extra,
          ...face,
          sampleNeed: recognizer.sampleNeed(face.trackId, now),
        })),
        [...faces.map((face) => ({ id: face.trackId, box: face.box })), ...hidden],
        now,
      );
      faces.forEach((face, i) =>
        recognizer.observe(
          face.trackId,
          reasons[i] ? { embedding: Float32Array.from([1, 0]), quality: 1 } : null,
          now,
        ),
      );
      await recognizer.settle();
      frame += 1;
      return reasons;
    },
    skipTo(target: number) {
      frame = target;
    },
  };
}

const face = (x: number, kind = 0, qualityOk = true) => ({
  trackId: 'a',
  box: box(x),
  signature: signature(kind),
  qualityOk,
});

describe(EmbedScheduler.name, () => {
  it('embeds a new track until it is asked about, then only when a switch is suspected or the answer expires', async () => {
    const run = scriptedRun('recorded');
    const reasons: (EmbedReason | null)[] = [];
    const record = async (...args: Parameters<typeof run.step>) =>
      reasons.push((await run.step(...args))[0] ?? null);
    await record([face(100)]); // 0: new
    await record([face(102)]); // 1
    await record([face(104)]); // 2: third sample, asked, answered "recorded"
    for (let i = 0; i < 5; i++) await record([face(106 + i)]); // 3–7: known, a little motion
    await record([face(150)]); // 8: the box jumps
    await record([face(151)]); // 9
    await record([face(152, 1)]); // 10: different pixels in the same place
    await record([face(152, 1)]); // 11
    await record([face(153, 1, false)], { reacquired: true }); // 12: refused face: the reason waits…
    await record([face(153, 1)]); // 13: …for the next passing face
    expect(reasons).toEqual([
      'new_track',
      'collecting',
      'collecting',
      null,
      null,
      null,
      null,
      null,
      'box_jump',
      null,
      'appearance_change',
      null,
      null,
      'reacquired',
    ]);
    expect(run.asked).toEqual([2]);

    run.skipTo(13 + 20); // 2 s without an embedding: verify the identity once
    expect(await run.step([face(153, 1)])).toEqual(['verify']);
    expect(await run.step([face(153, 1)])).toEqual([null]);
    run.skipTo(2 + 100); // the recognised answer (10 s) expired: ask again with fresh samples
    expect(await run.step([face(153, 1)])).toEqual(['known_recheck']);
    expect(await run.step([face(153, 1)])).toEqual(['collecting']);
    expect(await run.step([face(153, 1)])).toEqual(['collecting']);
    expect(await run.step([face(153, 1)])).toEqual([null]);
    expect(run.asked).toEqual([2, 104]);
  });

  it('retries an unknown face once its answer expires', async () => {
    const run = scriptedRun('unknown');
    for (let i = 0; i < 3; i++) await run.step([face(100)]);
    expect(await run.step([face(100)])).toEqual([null]);
    run.skipTo(2 + 20);
    expect(await run.step([face(100)])).toEqual(['unknown_retry']);
  });

  it('embeds both tracks while their boxes overlap, a hidden track included, and once after', async () => {
    const run = scriptedRun('recorded');
    const two = (ax: number, bx: number) => [
      { ...face(ax), trackId: 'a' },
      { ...face(bx, 1), trackId: 'b' },
    ];
    for (let i = 0; i < 4; i++) await run.step(two(0, 400));
    expect(await run.step(two(10, 390), { isNew: false })).toEqual([null, null]);
    expect(await run.step(two(50, 140), { isNew: false })).toEqual(['overlap', 'overlap']);
    // b is hidden behind a: its last box still overlaps, so a's face is checked.
    expect(await run.step([face(60)], { isNew: false }, [{ id: 'b', box: box(130) }])).toEqual(['overlap']);
    expect(await run.step(two(200, 20), { isNew: false })).toEqual(['overlap', 'overlap']);
    expect(await run.step(two(205, 15), { isNew: false })).toEqual([null, null]);
  });
});
