import { describe, expect, it } from 'vitest';
import { AttemptThrottle } from './attempt-throttle.js';

describe('AttemptThrottle', () => {
  it('blocks a key after its failures until the window ends; other keys are unaffected', () => {
    let now = 0;
    const throttle = new AttemptThrottle({ user: { maxFailures: 3, windowMs: 1000 } }, () => now);
    for (let i = 0; i < 3; i++) {
      expect(throttle.retryAfterMs(['user:ann'])).toBe(0);
      throttle.fail(['user:ann']);
    }
    now = 400;
    expect(throttle.retryAfterMs(['user:ann'])).toBe(600);
    expect(throttle.retryAfterMs(['user:bob'])).toBe(0);
    now = 1000;
    expect(throttle.retryAfterMs(['user:ann'])).toBe(0);
  });

  it('a success clears only the keys it names', () => {
    const throttle = new AttemptThrottle({
      user: { maxFailures: 2, windowMs: 1000 },
      ip: { maxFailures: 2, windowMs: 1000 },
    });
    throttle.fail(['user:ann', 'ip:1.2.3.4']);
    throttle.fail(['user:ann', 'ip:1.2.3.4']);
    throttle.clear(['user:ann']);
    expect(throttle.retryAfterMs(['user:ann'])).toBe(0);
    expect(throttle.retryAfterMs(['ip:1.2.3.4'])).toBeGreaterThan(0);
  });

  it('stays bounded under a flood of distinct keys', () => {
    const throttle = new AttemptThrottle({ ip: { maxFailures: 1, windowMs: 60_000 } }, Date.now, 100);
    for (let i = 0; i < 1000; i++) throttle.fail([`ip:${i}`]);
    expect(throttle.retryAfterMs(['ip:999'])).toBeGreaterThan(0);
    expect(throttle.retryAfterMs(['ip:0'])).toBe(0);
  });
});
