import { describe, expect, it } from 'vitest';
import { FramePool, heapFramePool } from './frame-buffers.js';

describe(FramePool.name, () => {
  it('hands out each buffer once until it is released', () => {
    const pool = heapFramePool(4, 2, 2);
    const first = pool.acquire();
    const second = pool.acquire();
    expect(first).toHaveLength(4 * 2 * 3);
    expect(second).not.toBe(first);
    expect(pool.acquire()).toBeUndefined();
    pool.release(first as Uint8Array);
    expect(pool.acquire()).toBe(first);
  });

  it('ignores a buffer that is not its own, and a second release of the same buffer', () => {
    const pool = heapFramePool(4, 2, 1);
    const own = pool.acquire() as Uint8Array;
    pool.release(new Uint8Array(4 * 2 * 3));
    expect(pool.acquire()).toBeUndefined();
    pool.release(own);
    pool.release(own);
    expect(pool.acquire()).toBe(own);
    expect(pool.acquire()).toBeUndefined();
  });

  it('refuses buffers of the wrong size', () => {
    expect(() => new FramePool(4, 2, [new Uint8Array(23)])).toThrow(/4×2 must hold 24 bytes/);
  });
});
