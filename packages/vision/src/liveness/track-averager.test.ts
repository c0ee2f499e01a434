import { describe, expect, it } from 'vitest';
import { LivenessTrackAverager } from './track-averager.js';

describe('LivenessTrackAverager', () => {
  it('averages a track over its latest frames and decides on the mean', () => {
    const sut = new LivenessTrackAverager({ threshold: 0.5, window: 3 });
    expect(sut.add('a', { score: 0.9, decision: 'real' })).toMatchObject({ decision: 'real', frames: 1 });
    expect(sut.add('a', { score: 0.2, decision: 'spoof' })).toMatchObject({
      score: 0.55,
      decision: 'real',
      frames: 2,
    });
    expect(sut.add('a', { score: 0.1, decision: 'spoof' })).toMatchObject({
      decision: 'spoof',
      reason: 'spoof_suspected',
      frames: 3,
    });
    // The window drops the 0.9: mean of 0.2, 0.1, 0.3
    expect(sut.add('a', { score: 0.3, decision: 'spoof' }).score).toBeCloseTo(0.2);
  });

  it('keeps tracks apart and forgets ended ones', () => {
    const sut = new LivenessTrackAverager({ threshold: 0.5 });
    sut.add('a', { score: 0.1, decision: 'spoof' });
    expect(sut.add('b', { score: 0.8, decision: 'real' })).toMatchObject({ decision: 'real', frames: 1 });
    sut.delete('a');
    expect(sut.add('a', { score: 0.8, decision: 'real' })).toMatchObject({ decision: 'real', frames: 1 });
  });

  it('is too_small (come closer) whenever the latest frame is, even after real frames', () => {
    const sut = new LivenessTrackAverager({ threshold: 0.5 });
    sut.add('a', { score: 0.95, decision: 'real' });
    expect(sut.add('a', { score: 0.99, decision: 'too_small', reason: 'come_closer' })).toMatchObject({
      decision: 'too_small',
      reason: 'come_closer',
      frames: 1,
    });
  });
});
