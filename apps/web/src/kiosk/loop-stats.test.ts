import { describe, expect, it } from 'vitest';
import { LoopStats } from './loop-stats.js';

describe('kiosk loop stats', () => {
  it('reports frames per second and mean stage times over the window', () => {
    const stats = new LoopStats(5000);
    for (let i = 0; i <= 10; i += 1) {
      stats.add('grab', 2);
      stats.add('analyze', 40);
      if (i % 2 === 0) stats.add('liveness', 10);
      stats.endFrame(i * 100);
    }
    const snapshot = stats.snapshot();
    expect(snapshot.frames).toBe(11);
    expect(snapshot.fps).toBeCloseTo(10, 6);
    expect(snapshot.stageMs.grab).toBeCloseTo(2, 6);
    expect(snapshot.stageMs.analyze).toBeCloseTo(40, 6);
    expect(snapshot.stageMs.liveness).toBeCloseTo(60 / 11, 6);
  });

  it('forgets frames older than the window', () => {
    const stats = new LoopStats(1000);
    for (let i = 0; i < 10; i += 1) stats.endFrame(i * 500); // 2 fps for 4.5 s
    for (let i = 1; i <= 20; i += 1) stats.endFrame(4500 + i * 50); // then 20 fps for 1 s
    const snapshot = stats.snapshot();
    expect(snapshot.fps).toBeCloseTo(20, 6);
    expect(snapshot.frames).toBe(21);
  });

  it('reports 0 fps before two frames have been seen', () => {
    const stats = new LoopStats();
    expect(stats.snapshot().fps).toBe(0);
    stats.endFrame(10);
    expect(stats.snapshot().fps).toBe(0);
  });
});
