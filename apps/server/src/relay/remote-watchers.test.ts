import { describe, expect, it } from 'vitest';
import { RemoteWatchers } from './remote-watchers.js';

describe('RemoteWatchers', () => {
  const clock = () => {
    let now = 1_000;
    return { now: () => now, advance: (ms: number) => (now += ms) };
  };

  it('watches nothing until an instance says what its viewers watch', () => {
    const watchers = new RemoteWatchers(5000);
    expect(watchers.watches('door')).toBe(false);
    watchers.update('b', ['door']);
    expect(watchers.watches('door')).toBe(true);
    expect(watchers.watches('yard')).toBe(false);
  });

  it('an instance watching every camera, or not saying (an older version), watches each one', () => {
    const watchers = new RemoteWatchers(5000);
    watchers.update('b', 'all');
    expect(watchers.watches('anything')).toBe(true);
    const older = new RemoteWatchers(5000);
    older.update('c', undefined);
    expect(older.watches('anything')).toBe(true);
  });

  it('the latest announcement of an instance replaces its earlier one (a viewer left)', () => {
    const watchers = new RemoteWatchers(5000);
    watchers.update('b', ['door', 'yard']);
    watchers.update('b', ['yard']);
    expect(watchers.watches('door')).toBe(false);
    expect(watchers.watches('yard')).toBe(true);
    watchers.update('b', []);
    expect(watchers.watches('yard')).toBe(false);
  });

  it('forgets an instance that stopped announcing, not one that keeps announcing', () => {
    const { now, advance } = clock();
    const watchers = new RemoteWatchers(5000, now);
    watchers.update('b', ['door']);
    watchers.update('c', ['yard']);
    advance(4000);
    watchers.update('c', ['yard']);
    advance(1001);
    expect(watchers.watches('door')).toBe(false);
    expect(watchers.watches('yard')).toBe(true);
  });
});
