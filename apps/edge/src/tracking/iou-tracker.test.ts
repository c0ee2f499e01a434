import { describe, expect, it } from 'vitest';
import { intersectionOverUnion, type Box } from './box-geometry.js';
import { IouTracker } from './iou-tracker.js';

const box = (x: number, y: number, size = 100): Box => [x, y, x + size, y + size];
const unit = (...values: number[]) => {
  const norm = Math.hypot(...values);
  return Float32Array.from(values.map((v) => v / norm));
};

describe(intersectionOverUnion.name, () => {
  it('is 1 for identical boxes, 0 for disjoint ones and symmetric in between', () => {
    expect(intersectionOverUnion(box(0, 0), box(0, 0))).toBe(1);
    expect(intersectionOverUnion(box(0, 0), box(200, 0))).toBe(0);
    const half = intersectionOverUnion(box(0, 0), box(50, 0));
    expect(half).toBeCloseTo(5000 / 15000);
    expect(intersectionOverUnion(box(50, 0), box(0, 0))).toBe(half);
  });
});

describe(IouTracker.name, () => {
  const options = { minIou: 0.3, maxMissedFrames: 2, idPrefix: 'r-' };

  it('keeps one id for a face that moves a little between frames', () => {
    const sut = new IouTracker(options);
    const first = sut.update([{ box: box(100, 100) }]).trackIds[0];
    const second = sut.update([{ box: box(110, 105) }]).trackIds[0];
    const third = sut.update([{ box: box(120, 110) }]).trackIds[0];
    expect(first).toBe('r-1');
    expect(second).toBe(first);
    expect(third).toBe(first);
  });

  it('follows two faces independently and gives a new face a new id', () => {
    const sut = new IouTracker(options);
    const [a, b] = sut.update([{ box: box(0, 0) }, { box: box(300, 0) }]).trackIds;
    const next = sut.update([{ box: box(305, 0) }, { box: box(5, 0) }, { box: box(600, 0) }]);
    expect(next.trackIds).toEqual([b, a, 'r-3']);
  });

  it('survives short gaps and ends a track after maxMissedFrames', () => {
    const sut = new IouTracker(options);
    const id = sut.update([{ box: box(0, 0) }]).trackIds[0];
    expect(sut.update([]).ended).toEqual([]);
    expect(sut.update([{ box: box(2, 2) }]).trackIds[0]).toBe(id);
    sut.update([]);
    sut.update([]);
    expect(sut.update([]).ended).toEqual([id]);
    expect(sut.active).toHaveLength(0);
    expect(sut.update([{ box: box(0, 0) }]).trackIds[0]).not.toBe(id);
  });

  it('splits a track when a different person appears in the same place (appearance gate)', () => {
    const sut = new IouTracker(options, 0.5);
    const alice = unit(1, 0.1, 0);
    const bob = unit(0, 1, 0.1);
    const first = sut.update([{ box: box(0, 0), embedding: alice }]).trackIds[0];
    expect(sut.update([{ box: box(1, 0), embedding: unit(1, 0.15, 0.05) }]).trackIds[0]).toBe(first);
    const switched = sut.update([{ box: box(1, 1), embedding: bob }]);
    expect(switched.trackIds[0]).not.toBe(first);
    expect(switched.ended).toEqual([first]);
    // A frame without an embedding (failed quality) never splits.
    expect(sut.update([{ box: box(2, 1) }]).trackIds[0]).toBe(switched.trackIds[0]);
  });

  it('confirms a face embedded after association, or splits the track when it shows somebody else', () => {
    const sut = new IouTracker(options, 0.5);
    const alice = unit(1, 0.1, 0);
    const first = sut.update([{ box: box(0, 0) }]).trackIds[0] ?? '';
    expect(sut.confirmAppearance(first, alice)).toEqual({ trackId: first, ended: null });
    expect(sut.confirmAppearance(first, unit(1, 0.15, 0.05))).toEqual({ trackId: first, ended: null });
    const switched = sut.confirmAppearance(first, unit(0, 1, 0.1));
    expect(switched).toEqual({ trackId: 'r-2', ended: first });
    expect(sut.active.map((track) => [track.id, track.box])).toEqual([['r-2', box(0, 0)]]);
    // The new track goes on with the new person's appearance.
    expect(sut.update([{ box: box(3, 0) }]).trackIds[0]).toBe('r-2');
    expect(sut.confirmAppearance('r-2', unit(0, 1, 0.1)).ended).toBeNull();
  });
});
