import type { Point } from '@attendance/vision';
import { describe, expect, it } from 'vitest';
import { VisitorCheck, type VisitorCheckOptions } from './visitor-check.js';

/** 5 landmarks with the nose shifted by `yaw` eye distances (eye distance 40 px). */
const landmarks = (yaw: number): Point[] => [
  [80, 100],
  [120, 100],
  [100 + yaw * 40, 120],
  [85, 140],
  [115, 140],
];
const embedding = Float32Array.from([1, 0, 0]);
const real = { score: 0.9, decision: 'real' as const };
const spoof = { score: 0.1, decision: 'spoof' as const, reason: 'spoof_suspected' as const };

const options = (overrides: Partial<VisitorCheckOptions> = {}): VisitorCheckOptions => ({
  passive: 'enforce',
  challenge: true,
  direction: 'left',
  threshold: 0.5,
  identityThreshold: 0.4,
  timeoutMs: 10_000,
  yawThreshold: 0.25,
  checkedBy: 'minifasnet',
  ...overrides,
});

describe(VisitorCheck.name, () => {
  it('asks for the turn, then identifies with a passed challenge and the passive verdict', () => {
    const sut = new VisitorCheck(options());
    const frame = (t: number, yaw: number, withEmbedding = true) =>
      sut.observe({
        timeMs: t,
        trackId: 'k1',
        landmarks: landmarks(yaw),
        embedding: withEmbedding ? embedding : null,
        passive: real,
      });
    expect(frame(0, 0)).toMatchObject({ kind: 'hint', title: 'Turn your head to the left' });
    expect(frame(100, 0.15, false)).toMatchObject({ kind: 'hint', title: 'Turn your head to the left' });
    expect(frame(200, 0.35, false)).toMatchObject({ kind: 'hint', title: 'Now look back at the camera' });
    const done = frame(300, 0);
    expect(done).toMatchObject({
      kind: 'identify',
      evidence: { decision: 'real', challenge: 'passed', checked_by: 'minifasnet' },
      spoof: null,
    });
  });

  it('never identifies a face that does not turn: the challenge fails with no_turn', () => {
    const sut = new VisitorCheck(options({ timeoutMs: 1000 }));
    let step = sut.observe({ timeMs: 0, trackId: 'k1', landmarks: landmarks(0), embedding, passive: real });
    for (let t = 100; t <= 1100; t += 100) {
      step = sut.observe({ timeMs: t, trackId: 'k1', landmarks: landmarks(0), embedding, passive: real });
      expect(step.kind).not.toBe('identify');
    }
    expect(step).toMatchObject({
      kind: 'refuse',
      title: expect.stringContaining('No head turn') as string,
      spoof: null,
    });
  });

  it('enforce refuses a spoof verdict and reports it; warn identifies but still reports it', () => {
    const observe = (sut: VisitorCheck) => {
      let step = sut.observe({ timeMs: 0, trackId: 'k', landmarks: landmarks(0), embedding, passive: spoof });
      for (let t = 1; t < 4; t++) {
        step = sut.observe({ timeMs: t, trackId: 'k', landmarks: landmarks(0), embedding, passive: spoof });
      }
      return step;
    };
    expect(observe(new VisitorCheck(options({ challenge: false })))).toMatchObject({
      kind: 'refuse',
      spoof: { reason: 'passive_spoof' },
    });
    expect(observe(new VisitorCheck(options({ challenge: false, passive: 'warn' })))).toMatchObject({
      kind: 'identify',
      evidence: { decision: 'spoof', challenge: 'not_required' },
      spoof: { reason: 'passive_spoof' },
    });
  });

  it('a too-small face is asked to come closer, never identified', () => {
    const sut = new VisitorCheck(options({ challenge: false }));
    for (let t = 0; t < 5; t++) {
      const step = sut.observe({
        timeMs: t,
        trackId: 'k',
        landmarks: landmarks(0),
        embedding,
        passive: { score: 0.9, decision: 'too_small', reason: 'come_closer' },
      });
      expect(step).toMatchObject({ kind: 'hint', title: 'Come closer' });
    }
  });
});
